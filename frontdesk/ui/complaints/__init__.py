"""The register of complaints and the complaint form (ZC-QR-027)."""
