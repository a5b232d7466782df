"""The CAMEO reference: event codes, names, root codes, Goldstein scores and QuadClass (see cameo.yaml)."""

from aigov.diplomacy.cameo.catalogue import (
    QUAD_CLASSES,
    CameoCatalogue,
    CameoCode,
    CameoError,
    catalogue,
    normalise_name,
)

__all__ = ["QUAD_CLASSES", "CameoCatalogue", "CameoCode", "CameoError", "catalogue", "normalise_name"]
