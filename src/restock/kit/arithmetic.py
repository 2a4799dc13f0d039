"""Integer arithmetic that reads as what it means."""


def ceil_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded up, for non-negative numerators and positive
    denominators: how many groups of `denominator` hold `numerator` things."""
    return -(-numerator // denominator)
