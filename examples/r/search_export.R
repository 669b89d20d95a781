# A search export read with read.csv: pactgraph's /export/search.csv in a
# data frame, base R only (utils).
#
#   Rscript examples/r/search_export.R [URL]   # default: $PACTGRAPH_URL or http://localhost:8080
#
# Prints the top hits of the search the Python and JavaScript examples make,
# in their format, then the hits counted by type. Start a server first:
# `go run .` in the repository.

args <- commandArgs(trailingOnly = TRUE)
url <- if (length(args) > 0) args[[1]] else Sys.getenv("PACTGRAPH_URL", "http://localhost:8080")

text <- "Iran nuclear deal"
export <- sprintf("%s/export/search.csv?q=%s", url, utils::URLencode(text, reserved = TRUE))
# Every column as text first: ids and codes stay as written, and numbers
# are converted where they are wanted.
hits <- utils::read.csv(export, colClasses = "character", na.strings = character(0), encoding = "UTF-8")
hits$rank <- as.integer(hits$rank)
hits$relevance <- as.numeric(hits$relevance)

cat(sprintf("Search \"%s\": %d hits exported\n", text, nrow(hits)))
# The type as GraphQL names it: AGREEMENT is Agreement.
typename <- function(t) paste0(substr(t, 1, 1), tolower(substring(t, 2)))
top <- head(hits[order(hits$rank), ], 5)
for (i in seq_len(nrow(top))) {
  cat(sprintf("%d. %s (%s, relevance %.2f) %s\n", top$rank[i], top$id[i], typename(top$type[i]), top$relevance[i], top$title[i]))
}

cat("\nHits by type\n")
print(table(hits$type))
