"""Builder for the public figure mmseg_setr_naive_vit_l_ade20k_b2 (figures.json): Memory (GB): 18.4.

Config: configs/setr/setr_naive_512x512_160k_b16_ade20k.py, 2 per GPU; link: https://github.com/open-mmlab/mmsegmentation/blob/94ebf0a04d18f6c81ba7608c5470826f3653ac1a/configs/setr/metafile.yaml#L33
"""

from openmmlab_models import setr_vit_large


def build(batch=2, shrink=1, layers=None, **test_only):
    """shrink, layers and test_only (image) are for the CPU check only; figures are traced without."""
    config = dict(head='naive')
    config.update(test_only)
    return setr_vit_large(batch, shrink=shrink, layers=layers, **config)
