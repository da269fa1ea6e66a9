"""Extraction over several processes: a local pool, or a Dask cluster past one machine.

Each worker loads the spaCy model once and runs :func:`quoteattr.extract.attribute_batch` on
whole batches, so only articles go out and small records come back; the calling process reads
and stores meanwhile. At most a few batches per worker are in flight, so memory stays flat
however long the stream, and results are yielded in the order the batches were read.
"""
from __future__ import annotations

from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable, Iterator

from .articles import Article
from .extract import BatchResult, attribute_batch
from .nlp import load_model
from .parties import KnowledgeBase

IN_FLIGHT = 4  # tasks queued per worker
CONNECT_TIMEOUT = "10s"


class DaskUnreachable(RuntimeError):
    pass


_worker: dict = {}


def _start_worker(model_name: str | None, kb: KnowledgeBase) -> None:
    _worker["nlp"], _worker["kb"] = load_model(model_name), kb


def _run(batch: list[Article], batch_size: int, piece_chars: int) -> BatchResult:
    return attribute_batch(batch, _worker["nlp"], _worker["kb"], batch_size, piece_chars)


def _run_on_dask(batch: list[Article], model_name: str | None, kb: KnowledgeBase, batch_size: int,
                 piece_chars: int) -> BatchResult:
    return attribute_batch(batch, load_model(model_name), kb, batch_size, piece_chars)  # cached per worker


def parallel_results(batches: Iterable[list[Article]], model_name: str | None, kb: KnowledgeBase,
                     batch_size: int, piece_chars: int, n_process: int,
                     dask: str | None) -> Iterator[tuple[list[Article], BatchResult]]:
    if dask:
        yield from _dask_results(batches, model_name, kb, batch_size, piece_chars, dask, n_process)
        return
    with ProcessPoolExecutor(n_process, initializer=_start_worker, initargs=(model_name, kb)) as pool:
        yield from _in_order(lambda batch: pool.submit(_run, batch, batch_size, piece_chars), batches,
                             n_process * IN_FLIGHT)


def _in_order(submit, batches: Iterable[list[Article]], window: int):
    pending: deque = deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        if len(pending) >= window:
            batch, future = pending.popleft()
            yield batch, future.result()
    while pending:
        batch, future = pending.popleft()
        yield batch, future.result()


def _dask_results(batches, model_name, kb, batch_size, piece_chars, address: str, n_process: int):
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=max(1, n_process), threads_per_worker=1, processes=True,
                           dashboard_address=None) if address == "local" else None
    try:
        client = Client(cluster if cluster is not None else address, timeout=CONNECT_TIMEOUT)
    except OSError as exc:
        raise DaskUnreachable(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        shared_kb = client.scatter(kb, broadcast=True)
        workers = max(1, len(client.scheduler_info()["workers"]))
        yield from _in_order(
            lambda batch: client.submit(_run_on_dask, batch, model_name, shared_kb, batch_size, piece_chars,
                                        pure=False),
            batches, workers * IN_FLIGHT)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
