"""The CP-SAT model the rules build, as a MathOpt model for the MIP back-ends (``mip.py``).

Without ``explain`` the rules only write 0-1 linear constraints, implications and clauses,
so the translation is exact: linear rows stay rows, and a clause (``bool_or``, or one literal
of a ``bool_and``) behind enforcement literals e_i becomes sum(1 - e_i) + sum(l_j) >= 1.
Anything else (enforced linear constraints, domains with holes, global constraints) is refused
rather than approximated, so both back-ends always solve the very same problem.

Speed: reading the pybind proto field by field costs ~0.85 s on a 19k-variable cohort, so the
model goes through its binary form into the upb protobuf runtime (~0.02 s), and the MathOpt
``ModelProto`` is filled with repeated-field ``extend`` instead of one Python call per variable.
"""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass

import numpy as np
from ortools.math_opt import model_pb2
from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model, cp_model_helper

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class UnsupportedModel(ValueError):
    """The CP-SAT model uses something a linear MIP cannot state exactly."""


@dataclass
class MipModel:
    proto: model_pb2.ModelProto  # rows and variables; the objective is set per stage
    hint: dict[int, int]  # the CP-SAT model's solution hint, by variable index

    def add_row(self, ids: list[int], coeffs: list[int], lower: float, upper: float) -> None:
        """Append a row; its id is the largest, so the row-major matrix stays sorted."""
        rows = self.proto.linear_constraints
        row = len(rows.ids)
        rows.ids.append(row)
        rows.lower_bounds.append(lower)
        rows.upper_bounds.append(upper)
        matrix = self.proto.linear_constraint_matrix
        matrix.row_ids.extend([row] * len(ids))
        matrix.column_ids.extend(ids)
        matrix.coefficients.extend(coeffs)

    def set_objective(self, ids: list[int], coeffs: list[int], offset: int, maximize: bool) -> None:
        objective = self.proto.objective
        objective.Clear()
        objective.maximize = maximize
        objective.offset = offset
        objective.linear_coefficients.ids.extend(ids)
        objective.linear_coefficients.values.extend(coeffs)


    def extreme(self, ids: list[int], coeffs: list[int], offset: int, maximize: bool) -> float:
        """The best the objective could be from the variables' bounds alone."""
        lower, upper = self.proto.variables.lower_bounds, self.proto.variables.upper_bounds
        return offset + sum(c * (upper[i] if (c > 0) == maximize else lower[i]) for i, c in zip(ids, coeffs))


def flat(expr) -> tuple[list[int], list[int], int]:
    """A CP-SAT linear expression as sorted variable indices, coefficients and offset."""
    if isinstance(expr, int):
        return [], [], expr
    flat_expr = cp_model_helper.FlatIntExpr(expr)
    pairs = sorted((v.index, c) for v, c in zip(flat_expr.vars, flat_expr.coeffs) if c)
    return [i for i, _ in pairs], [c for _, c in pairs], flat_expr.offset


def convert(model: cp_model.CpModel) -> MipModel:
    cp = _read(model)
    out = model_pb2.ModelProto()
    lower, upper = [], []
    for i, var in enumerate(cp.variables):
        if len(var.domain) != 2:
            raise UnsupportedModel(f"variable {i} ({var.name}) has a domain with holes: {list(var.domain)}")
        lower.append(_bound(var.domain[0]))
        upper.append(_bound(var.domain[1]))
    n = len(lower)
    out.variables.ids.extend(range(n))
    out.variables.lower_bounds.extend(lower)
    out.variables.upper_bounds.extend(upper)
    out.variables.integers.extend([True] * n)

    rows, cols, vals, row_lo, row_hi = [], [], [], [], []
    for j, con in enumerate(cp.constraints):
        kind, enforced = con.WhichOneof("constraint"), con.enforcement_literal
        if kind == "linear" and not enforced:
            if len(con.linear.domain) != 2:
                raise UnsupportedModel(f"constraint {j} has a linear domain with holes: {list(con.linear.domain)}")
            rows.extend([len(row_lo)] * len(con.linear.vars))
            cols.extend(con.linear.vars)
            vals.extend(con.linear.coeffs)
            row_lo.append(_bound(con.linear.domain[0]))
            row_hi.append(_bound(con.linear.domain[1]))
        elif kind in ("bool_and", "bool_or"):
            literals = con.bool_and.literals if kind == "bool_and" else con.bool_or.literals
            for clause in ([lit] for lit in literals) if kind == "bool_and" else [literals]:
                row, constant = len(row_lo), 0
                for lit, sign in [(e, -1) for e in enforced] + [(lit, 1) for lit in clause]:
                    rows.append(row)
                    # A negative literal -v-1 is NOT v, i.e. 1 - x_v.
                    cols.append(lit if lit >= 0 else -lit - 1)
                    vals.append(sign if lit >= 0 else -sign)
                    constant += 0 if lit >= 0 else sign
                row_lo.append(1 - len(enforced) - constant)
                row_hi.append(math.inf)
        elif kind in ("exactly_one", "at_most_one") and not enforced:
            # The decomposition's master picks one column per agent this way (master.py).
            literals = getattr(con, kind).literals
            row, constant = len(row_lo), 0
            for lit in literals:
                rows.append(row)
                cols.append(lit if lit >= 0 else -lit - 1)
                vals.append(1 if lit >= 0 else -1)
                constant += 0 if lit >= 0 else 1
            row_lo.append(1 - constant if kind == "exactly_one" else -math.inf)
            row_hi.append(1 - constant)
        else:
            what = f"enforced {kind}" if kind == "linear" else kind or "empty constraint"
            raise UnsupportedModel(f"constraint {j} ({con.name or 'unnamed'}) is {what}; "
                                   "the MIP back-ends take only 0-1 linear models (build without explain)")
    out.linear_constraints.ids.extend(range(len(row_lo)))
    out.linear_constraints.lower_bounds.extend(row_lo)
    out.linear_constraints.upper_bounds.extend(row_hi)
    r, c, v = _merged(rows, cols, vals)
    out.linear_constraint_matrix.row_ids.extend(r)
    out.linear_constraint_matrix.column_ids.extend(c)
    out.linear_constraint_matrix.coefficients.extend(v)
    return MipModel(proto=out, hint=dict(zip(cp.solution_hint.vars, cp.solution_hint.values)))


def _read(model: cp_model.CpModel) -> cp_model_pb2.CpModelProto:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.pb")  # not .txt: CP-SAT writes the binary form
        if not model.export_to_file(path):
            raise OSError(f"CP-SAT could not write its model to {path}")
        with open(path, "rb") as stream:
            return cp_model_pb2.CpModelProto.FromString(stream.read())


def _bound(value: int) -> float:
    return -math.inf if value <= INT64_MIN else math.inf if value >= INT64_MAX else float(value)


def _merged(rows: list[int], cols: list[int], vals: list[int]) -> tuple[list, list, list]:
    """MathOpt wants the matrix row-major, columns increasing, each entry once."""
    r, c, v = np.asarray(rows, np.int64), np.asarray(cols, np.int64), np.asarray(vals, np.float64)
    order = np.lexsort((c, r))
    r, c, v = r[order], c[order], v[order]
    starts = np.flatnonzero(np.r_[True, (r[1:] != r[:-1]) | (c[1:] != c[:-1])]) if len(r) else np.array([], np.int64)
    r, c, v = r[starts], c[starts], np.add.reduceat(v, starts) if len(starts) else v
    keep = v != 0
    return r[keep].tolist(), c[keep].tolist(), v[keep].tolist()
