"""Shared helpers of the cvxopt cross-checks (tests/py/test_optimize_*.py; not a test itself)."""
from cvxopt import solvers


def robust(fn, *args, tolerances=(1e-12, 1e-11, 1e-10, 1e-9, 1e-8), **kw):
    """Call a cvxopt solver at the tightest tolerance that works.

    cvxopt at very tight tolerances can hit a domain error near the optimum: retry looser. Returns the first
    optimal solution, else the last non-optimal one; raises if every tolerance raised.
    """
    last = None
    for tol in tolerances:
        solvers.options.update({"abstol": tol, "reltol": tol, "feastol": tol})
        try:
            sol = fn(*args, **kw)
        except (ValueError, ArithmeticError):
            continue
        if sol["status"] == "optimal":
            return sol
        last = sol
    if last is None:
        raise RuntimeError("cvxopt failed at every tolerance")
    return last
