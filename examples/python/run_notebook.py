"""Runs a notebook's code cells in order, without Jupyter.

    python3 run_notebook.py notebook.ipynb [URL]

The cells share one namespace, as in a kernel, and the value of a cell's
last expression is printed, as Jupyter shows it. URL (or PACTGRAPH_URL)
names the pactgraph server the notebook reads. The notebook's directory is
put on sys.path so that it imports pactgraph.py as Jupyter would. Exits 1
at the first cell that raises, naming it; examples_test.go runs it in CI.
"""

import ast
import json
import os
import sys
import traceback


def display(*values):
    for value in values:
        print(value)


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = sys.argv[1]
    if len(sys.argv) == 3:
        os.environ["PACTGRAPH_URL"] = sys.argv[2]
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        import pandas

        pandas.set_option("display.width", 160)
        pandas.set_option("display.max_columns", 12)
    except ImportError:
        pass

    namespace = {"__name__": "__main__", "display": display}
    ran = 0
    for index, cell in enumerate(notebook["cells"], 1):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        name = f"{os.path.basename(path)}, cell {index}"
        print(f"--- {name}")
        try:
            tree = ast.parse(source, filename=name)
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr):
                last = tree.body.pop()
            exec(compile(tree, name, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
                if value is not None:
                    print(value)
        except Exception:
            traceback.print_exc()
            print(f"FAILED: {name}:\n{source}", file=sys.stderr)
            return 1
        ran += 1
    print(f"--- {ran} code cells ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
