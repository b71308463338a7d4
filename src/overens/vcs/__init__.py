"""Git: every call through one runner; reading revisions and history, writing commits, and the
transaction and crash journal that make a change one commit or nothing."""
