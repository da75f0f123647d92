"""Builder for the public figure litgpt_adapter_stablelm3b_alpaca_mb1 (figures.json): lit-gpt finetune/adapter.py, StableLM Alpha 3B, micro batch 1:
Max GPU RAM 9.10 GB (torch.cuda.max_memory_allocated() / 1e9, PyTorch 2.1.0+cu121, A100-SXM4-40GB).

Link: https://github.com/Lightning-AI/litgpt/blob/e567dbe8e5d3125af918550254258008b9228a71/tutorials/resource-tables.md#L77
"""

from litgpt_lora import adapter_finetune


def build(batch=1, **test_only):
    """test_only (layers, shrink, dtype, attention, seq_len) is for the CPU check; figures are traced without."""
    return adapter_finetune('stablelm-base-alpha-3b', batch, **test_only)
