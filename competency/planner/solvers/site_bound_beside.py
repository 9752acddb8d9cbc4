"""The site-by-site bound (site_bound.py), computed beside the search that needs it.

Why beside: the value stage of a big cohort searches on one thread, and the bound needs
seconds of its own (the sample: 2.3 s for three sites, 9.5 s before each site was first
searched without the LP; site_bound.py). In a forked process the two run
at once on two cores; the search stops as soon as its plan reaches the bound, and tells the
process which sites its plan already holds at their agents' caps, so those are not searched.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable

from ..problem.instance import Instance
from .relax import Relaxation
from .site_bound import site_bound, site_groups


class SiteBound:
    """``site_bound`` computed in one forked process while the caller searches (one thread
    each), or in place, now, with one worker or a run's executor (Ray).

    Why beside the search: on the sample cohort (2 cores) the run took 28.9 s against 31.1 s;
    with the sites over two processes beside the search, 30-33 s (three busy processes on two
    cores). The search says which sites its plan already brings to their caps (``reached``):
    the process skips them, or stops searching them, since their bound is their caps either
    way. With the LP, Suzhou's search never proved them (3.6 s for nothing); without it, it
    proves them in 1 s, often after the plan has reached them."""

    def __init__(self, instance: Instance, relaxation: Relaxation, work: float, workers: int = 1,
                 seconds: float = 600.0):
        from ...exec import active

        self.groups = site_groups(instance)
        self.caps = [sum(relaxation.caps.get(a, 0) for a in group) for group in self.groups]
        self._result: list[int | None] = []
        self._told: set[int] = set()
        self._child, self._lock = None, threading.Lock()  # asked from the search's threads too
        if workers < 2 or active() is not None or "fork" not in multiprocessing.get_all_start_methods():
            self._result.append(site_bound(instance, relaxation, work, workers, seconds))
            return
        self._receive, send = multiprocessing.Pipe(duplex=False)
        hear, self._tell = multiprocessing.Pipe(duplex=False)
        self._child = multiprocessing.get_context("fork").Process(
            target=_send_bound, args=(send, hear, instance, relaxation, work, seconds), daemon=False)
        self._child.start()
        send.close()
        hear.close()

    def reached(self, site: int) -> None:
        """The search's plan holds site ``site`` (index in ``groups``) at its caps."""
        if self._child is not None and not self._result and site not in self._told and site < len(self.groups):
            self._told.add(site)
            try:
                self._tell.send(site)
            except (BrokenPipeError, OSError):  # the child has finished: nothing to skip
                pass

    def observer(self, cm) -> Callable[[Callable], None]:
        """For the search's ``observe`` (search.search_stage): tells this bound which sites
        each plan found holds at their agents' caps."""
        site_of = {a: k for k, group in enumerate(self.groups) for a in group}
        terms: list[list] = [[] for _ in self.groups]
        for (a, _, _), term in zip(cm.reach, cm.value_terms):
            if a in site_of:
                terms[site_of[a]].append(term)
        per_site = [(k, sum(t)) for k, t in enumerate(terms) if t]

        def observe(value: Callable) -> None:
            for k, expr in per_site:
                if value(expr) >= self.caps[k]:
                    self.reached(k)

        return observe

    def known(self) -> int | None:
        """The bound if it is in already (never waits); None otherwise or if there is none."""
        with self._lock:
            if not self._result and self._child is not None and self._receive.poll():
                self._collect()
            return self._result[0] if self._result else None

    def __call__(self) -> int | None:
        """The bound, waited for; the process is joined."""
        with self._lock:
            if not self._result:
                self._collect()
            return self._result[0]

    def _collect(self) -> None:
        try:
            ok, value = self._receive.recv()
        except EOFError:  # the child died without a word: no site bound, the caps stand
            ok, value = True, None
        self._child.join()
        self._tell.close()
        if not ok:
            raise RuntimeError(f"the site-by-site bound failed: {value}")
        self._result.append(value)


def _send_bound(send, hear, instance, relaxation, work, seconds) -> None:
    told: set[int] = set()

    def at_caps(k: int) -> bool:
        try:
            while hear.poll():
                told.add(hear.recv())
        except (EOFError, OSError):
            pass
        return k in told

    try:
        send.send((True, site_bound(instance, relaxation, work, 1, seconds, at_caps)))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which raises it
        send.send((False, f"{type(error).__name__}: {error}"))
    finally:
        send.close()
