"""Every error overens shows to a user.

Each class's ``str()`` is a sentence that can be shown as it is: what is wrong, where, and how to fix it.
The CLI catches :class:`OverensError` in one place and exits with ``exit_code``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


class OverensError(Exception):
    """Base class for every error overens reports to the user."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled whole, whatever its class's constructor takes (an exception is otherwise
        rebuilt from its message alone): an error met in a worker process is raised in this one
        as it was, with its class, hint and the rest."""
        return (_unpickled, (type(self), self.args, self.__dict__))


def _unpickled(cls: type[OverensError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls, *args)
    error.__dict__.update(state)
    return error


class UsageError(OverensError):
    """The command was called with arguments that cannot work."""

    exit_code = 2


class MissingValueError(UsageError):
    """A value the change needs was not given: in a terminal the CLI asks for it, a script gives
    the option (or the option that says there is none)."""

    def __init__(self, message: str, *, hint: str | None = None, field: str, prompt: str) -> None:
        super().__init__(message, hint=hint)
        self.field = field
        """The request field to set (``signed_by_title``)."""
        self.prompt = prompt
        """What to ask; an empty answer means "none" (the ``no_<field>`` option)."""


class RepositoryNotFoundError(OverensError):
    """No agreements repository was found from the current folder upward."""


class InvalidYamlError(OverensError):
    """A YAML file could not be read."""


class YamlProblem(InvalidYamlError):
    """A YAML file could not be read; carries the file, line and column."""

    def __init__(
        self,
        path: Path | str,
        line: int | None,
        column: int | None,
        message: str,
        *,
        hint: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        where = self.path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}", hint=hint)
        self.problem = message


class SchemaError(OverensError):
    """A shipped or repository schema is itself broken."""


class ValidationFailed(OverensError):
    """The data is invalid; the findings say where."""


class AgreementNotFoundError(UsageError):
    """The named agreement does not exist: a usage error (exit 2), in every command alike.

    :func:`overens.store.folders.agreement_folder` is the one place that raises it for an id a
    user typed, with "did you mean" for a near miss.
    """


class SignatoryNotFoundError(OverensError):
    """The named organisation is not a signatory of the agreement."""


class RefusedError(OverensError):
    """A sign, withdraw or confirm was refused; nothing was written."""


class PersonalDataError(RefusedError):
    """Personal data (a personal identity number) was offered where it must never be stored."""


class NotAGitRepoError(OverensError):
    """The repository is not a git repository (or git is not installed)."""


class DirtyWorktreeError(OverensError):
    """A file overens must write has uncommitted changes."""


class GitStateError(OverensError):
    """The repository is in a state (merge, rebase, detached HEAD) where overens will not commit."""


class GitError(OverensError):
    """A git command failed; the message says which, and git's own words."""


class UntrustedRepositoryError(GitError):
    """git refuses to work in a repository another user owns (its ``safe.directory`` check): no
    git command works there, so none may be taken to mean "not a repository" or "no history"."""


class GitTooOldError(GitError):
    """The git installed is older than the options overens asks it for
    (:data:`overens.vcs.runner.MINIMUM_GIT`)."""


class CommitFailedError(OverensError):
    """git refused the commit; everything was restored."""


class WriteFailedError(OverensError):
    """A file could not be written (a read-only folder, a full disk); nothing was changed."""


class LockedError(OverensError):
    """Another overens process holds the repository lock."""


class RenderError(OverensError):
    """A document could not be rendered."""


class OverensWarning(UserWarning):
    """Base class for warnings overens shows to the user."""
