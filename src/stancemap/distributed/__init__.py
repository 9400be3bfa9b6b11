"""Distributed batch extraction on Dask (see docs/scale.md)."""

from stancemap.distributed.engine import (
    dask_client,
    extract_on_dask,
    run_distributed_extraction,
)

__all__ = ["dask_client", "extract_on_dask", "run_distributed_extraction"]
