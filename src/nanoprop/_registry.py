"""Looking things up by name: activations, losses, initialisation schemes."""

from __future__ import annotations


def lookup(registry, name, kind, passthrough=None):
    """``registry[name]``, or a ValueError that lists the valid names.

    An instance of ``passthrough`` (for example a hand-made ``Activation``)
    is returned as it is. ``kind`` names what is looked up, in the message.
    """
    if passthrough is not None and isinstance(name, passthrough):
        return name
    try:
        return registry[name]
    except (KeyError, TypeError):  # TypeError: a name that cannot be a key
        valid = ", ".join(sorted(registry))
        raise ValueError(f"unknown {kind} {name!r}; expected one of: {valid}") from None
