"""Builder for the public figure litgpt_lora_stablelm3b_alpaca_mb2 (figures.json): lit-gpt finetune/lora.py, StableLM Alpha 3B, micro batch 2:
Max GPU RAM 12.10 GB (torch.cuda.max_memory_allocated() / 1e9, PyTorch 2.1.0+cu121, A100-SXM4-40GB).

Link: https://github.com/Lightning-AI/litgpt/blob/e567dbe8e5d3125af918550254258008b9228a71/tutorials/resource-tables.md#L50
"""

from litgpt_lora import lora_finetune


def build(batch=2, **test_only):
    """test_only (layers, shrink, dtype, attention, seq_len) is for the CPU check; figures are traced without."""
    return lora_finetune('stablelm-base-alpha-3b', batch, **test_only)
