"""infoview: an informational-interview networking campaign kept in plain text.

The vault is a folder of Markdown notes with YAML frontmatter; ``load_vault``
reads it into a typed model and collects every problem as a finding.
"""

from __future__ import annotations

from .config import Config
from .finding import Finding
from .links import Link
from .load import load_vault
from .model import Company, Contact, Interview, Note, Outreach, Vault

__all__ = [
    "Company",
    "Config",
    "Contact",
    "Finding",
    "Interview",
    "Link",
    "Note",
    "Outreach",
    "Vault",
    "__version__",
    "load_vault",
]

__version__ = "0.1.0"
