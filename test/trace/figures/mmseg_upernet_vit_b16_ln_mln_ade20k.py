"""Builder for the public figure mmseg_upernet_vit_b16_ln_mln_ade20k (figures.json): Memory (GB): 9.21.

Config: configs/vit/upernet_vit-b16_ln_mln_512x512_160k_ade20k.py, 2 per GPU; link: https://github.com/open-mmlab/mmsegmentation/blob/8b1fb1c344ded27985c005b60c5a3dfdc6b026cd/configs/vit/metafile.yaml#L67
"""

from openmmlab_models import upernet_vit


def build(batch=2, shrink=1, layers=None, **test_only):
    """shrink, layers and test_only (image) are for the CPU check only; figures are traced without."""
    config = dict(dims=768, heads=12, drop_path_rate=0.0, mln=True, final_norm=True)
    config.update(test_only)
    return upernet_vit(batch, shrink=shrink, layers=layers, **config)
