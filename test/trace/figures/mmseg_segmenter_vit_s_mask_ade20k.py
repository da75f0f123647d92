"""Builder for the public figure mmseg_segmenter_vit_s_mask_ade20k (figures.json): Memory (GB): 2.03.

Config: configs/segmenter/segmenter_vit-s_mask_8x1_512x512_160k_ade20k.py, 1 per GPU; link: https://github.com/open-mmlab/mmsegmentation/blob/94ebf0a04d18f6c81ba7608c5470826f3653ac1a/configs/segmenter/metafile.yaml#L81
"""

from openmmlab_models import segmenter


def build(batch=1, shrink=1, layers=None, **test_only):
    """shrink, layers and test_only (image) are for the CPU check only; figures are traced without."""
    config = dict(dims=384, heads=6)
    config.update(test_only)
    return segmenter(batch, shrink=shrink, layers=layers, **config)
