# Agreements into a data frame, with time filters: pactgraph's GraphQL API
# from R, with httr2 and jsonlite (Debian: r-cran-httr2, r-cran-jsonlite).
#
#   Rscript examples/r/agreements.R [URL]   # default: $PACTGRAPH_URL or http://localhost:8080
#
# Prints the agreements the United States and Japan share (the table the
# Python and JavaScript examples print), then the agreements signed during
# the Cold War in a data frame, counted by decade and kind. Start a server
# first: `go run .` in the repository.

suppressPackageStartupMessages({
  library(httr2)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
url <- if (length(args) > 0) args[[1]] else Sys.getenv("PACTGRAPH_URL", "http://localhost:8080")

# graphql posts one operation and returns its data; an error the API
# answers stops the script with its extensions.code.
graphql <- function(query, variables = list()) {
  resp <- request(paste0(url, "/graphql")) |>
    req_body_json(list(query = query, variables = variables), auto_unbox = TRUE, null = "null") |>
    req_error(is_error = function(resp) FALSE) |>
    req_perform()
  body <- fromJSON(resp_body_string(resp), simplifyVector = FALSE)
  if (!is.null(body$errors)) {
    err <- body$errors[[1]]
    stop(sprintf("%s: %s", err$extensions$code, err$message), call. = FALSE)
  }
  body$data
}

agreements_query <- "
query Agreements($filter: AgreementFilter, $first: Int, $after: String) {
  agreements(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name kind signed ended parties { country { code } obligations } } }
  }
}"

# agreements follows the cursors and returns every agreement the filter
# selects (oldest first) as a list of nodes.
agreements <- function(filter) {
  nodes <- list()
  variables <- list(filter = filter, first = 100)
  repeat {
    page <- graphql(agreements_query, variables)$agreements
    nodes <- c(nodes, lapply(page$edges, function(e) e$node))
    if (!isTRUE(page$pageInfo$hasNextPage)) break
    variables$after <- page$pageInfo$endCursor
  }
  nodes
}

or_empty <- function(x) if (is.null(x)) "" else x

# as_frame makes one row per agreement; parties' obligations in one cell,
# written as the other examples write them.
as_frame <- function(nodes) {
  obligations <- vapply(nodes, function(a) {
    paste(vapply(a$parties, function(p) {
      paste0(p$country$code, ": ", paste(unlist(p$obligations), collapse = "/"))
    }, ""), collapse = ", ")
  }, "")
  data.frame(
    id = vapply(nodes, function(a) a$id, ""),
    name = vapply(nodes, function(a) a$name, ""),
    kind = vapply(nodes, function(a) a$kind, ""),
    signed = vapply(nodes, function(a) or_empty(a$signed), ""),
    ended = vapply(nodes, function(a) or_empty(a$ended), ""),
    parties = vapply(nodes, function(a) length(a$parties), 0L),
    obligations = obligations,
    stringsAsFactors = FALSE
  )
}

cat("Agreements of the United States and Japan\n")
cat(sprintf("%-11s %-11s %-50s %s\n", "signed", "ended", "name", "obligations"))
usjp <- as_frame(agreements(list(parties = list("USA", "JPN"))))
for (i in seq_len(nrow(usjp))) {
  cat(sprintf("%-11s %-11s %-50s %s\n", usjp$signed[i], usjp$ended[i], substr(usjp$name[i], 1, 50), usjp$obligations[i]))
}

cat("\n")
cold_war <- as_frame(agreements(list(signedFrom = "1947-03-12", signedTo = "1991-12-26")))
cat(sprintf("Signed in the Cold War (1947-03-12 to 1991-12-26): %d agreements\n", nrow(cold_war)))
cold_war$decade <- paste0(substr(cold_war$signed, 1, 3), "0s")
print(table(cold_war$decade, cold_war$kind))
cat(sprintf("ids: %s\n", paste(cold_war$id, collapse = " ")))
