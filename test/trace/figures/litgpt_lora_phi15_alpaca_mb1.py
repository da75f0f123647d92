"""Builder for the public figure litgpt_lora_phi15_alpaca_mb1 (figures.json): lit-gpt finetune/lora.py, phi-1.5, micro batch 1:
Max GPU RAM 4.82 GB (torch.cuda.max_memory_allocated() / 1e9, PyTorch 2.1.0+cu121, A100-SXM4-40GB).

Link: https://github.com/Lightning-AI/litgpt/blob/e567dbe8e5d3125af918550254258008b9228a71/tutorials/resource-tables.md#L41
"""

from litgpt_lora import lora_finetune


def build(batch=1, **test_only):
    """test_only (layers, shrink, dtype, attention, seq_len) is for the CPU check; figures are traced without."""
    return lora_finetune('phi-1_5', batch, **test_only)
