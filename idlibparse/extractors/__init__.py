"""One module per kind of mention, each exposing ``extract(doc) -> list[Mention]``.

The registry of kinds and modules is ``idlibparse.pipeline.EXTRACTORS``.
"""
