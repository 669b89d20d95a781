"""A researcher's session with pactgraph, standard library only.

    python3 example.py [URL]        # default: $PACTGRAPH_URL or http://localhost:8080

Prints the hits of a search with their highlights and the entities they
link to, then a table of the agreements the United States and Japan share
with each party's obligations, then what the API says to a search it
refuses. Start a server first: `go run .` in the repository.
"""

import html
import re
import sys

from pactgraph import Client, PactgraphError


def plain(fragment):
    """A highlight fragment for a terminal: [matches] in brackets."""
    return html.unescape(re.sub(r"</?mark>", lambda m: "]" if m.group(0) == "</mark>" else "[", fragment))


def main():
    client = Client(sys.argv[1] if len(sys.argv) > 1 else None)

    text = "Iran nuclear deal"
    hits = list(client.search(text, limit=5))
    info = client.last_search
    print(f'Search "{text}": {info["totalCount"]} hits')
    for rank, edge in enumerate(hits, 1):
        node = edge["node"]
        title = node.get("name") or node.get("heading")
        print(f'{rank}. {node["id"]} ({node["__typename"]}, relevance {edge["relevance"]:.2f}) {title}')
        for h in edge["highlights"][:2]:
            print(f'     {h["field"]}: {plain(h["fragment"])}')
        links = [a["name"] for a in node.get("agreements") or []] + [o["name"] for o in node.get("organizations") or []]
        if links:
            print(f'     links: {"; ".join(links)}')

    print()
    print("Agreements of the United States and Japan")
    print(f'{"signed":<11} {"ended":<11} {"name":<50} obligations')
    for a in client.agreements({"parties": ["USA", "JPN"]}):
        obligations = ", ".join(f'{p["country"]["code"]}: {"/".join(p["obligations"])}' for p in a["parties"])
        print(f'{a["signed"] or "":<11} {a["ended"] or "":<11} {a["name"][:50]:<50} {obligations}')

    print()
    try:
        client.query('{ search(query: "*nato*", mode: ADVANCED) { totalCount } }')
    except PactgraphError as err:
        print(f"A refused search: code {err.code}: {err.message}")

    print()
    print("Exports for pandas:", client.export_url("agreements", party=["USA", "JPN"]))


if __name__ == "__main__":
    main()
