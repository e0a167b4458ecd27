"""One module per CLI command; each exposes ``register(app)``. Rendering lives in auditor.report."""


def examples(*commands: str) -> str:
    """A command's help epilog: "Examples:" and each command on a line of its own."""
    # Typer's rich help joins an epilog's single newlines; a blank line keeps each example apart.
    return "Examples:\n\n" + "\n\n".join(f"  $ {command}" for command in commands)
