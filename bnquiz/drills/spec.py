"""What a drill is: one spec declares everything the generic grader, judge, runner and report need.

A drill module (for example `bnquiz/drills/specs/forward.py`) builds one `Drill`: its contract
(function names, conventions, starter, hints), its battery as scenarios (sequences of calls with
state carried between them), the reference it is judged by (`predict`, with knobs), the mistakes
it can observe (each a knob setting on one code path), and its child-side caller, named by import
path. Nothing generic switches on a drill's name.

Pure data; importing this module costs nothing (no NumPy, no torch).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from bnquiz.drills.catalog.entry import Text
    from bnquiz.drills.results import Outputs, StepResult

# A knob's value: a word ("unbiased"), a number (a fixed eps), a flag, or an axes rule (a tuple).
Knob: TypeAlias = "str | float | tuple[Any, ...]"
Knobs: TypeAlias = "Mapping[str, Knob]"  # knob name → value; an absent knob has its correct setting
Array: TypeAlias = "NDArray[Any]"
# One call's inputs: array name → (float64 values, the dtype the child receives them in).
Arrays: TypeAlias = "dict[str, tuple[Array, str]]"
Prediction: TypeAlias = "dict[str, Array]"  # quantity name → the expected float64 array

# The callables a spec supplies (see `Drill`)
Scenarios: TypeAlias = "Callable[[tuple[str, ...], Edition], list[Scenario]]"
Inputs: TypeAlias = "Callable[[Scenario, Edition], list[Arrays]]"
Quantities: TypeAlias = "Callable[[Scenario, int, frozenset[str]], list[Quantity]]"
Predict: TypeAlias = (
    "Callable[[Scenario, int, list[Arrays], Outputs | None, Knobs, Edition, tuple[str, ...]],"
    " Prediction | None]"
)
Mistakes: TypeAlias = "Callable[[Edition], tuple[Mistake, ...]]"
Note: TypeAlias = "Callable[[Scenario, StepResult | None], str]"


@dataclass(frozen=True)
class Step:
    """One call of a scenario. `args` reach the child's caller and the reference alike."""

    kind: str  # the spec's name for the call: "train", "eval", "forward", "backward", …
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    """A sequence of calls on one device and dtype, with state carried from one to the next."""

    id: str
    shape: tuple[int, ...]
    steps: tuple[Step, ...]
    dtype: str = "float64"
    device: str = "cpu"
    params: Mapping[str, Any] = field(default_factory=dict)  # the spec's own: seed, mean, std, …
    about: str = ""  # a short description for the report: "(3, 4, 5, 6) f64 eps=0.5"
    probe: str = ""  # a mistake only this scenario can show; judged apart from the knobs
    info: bool = False  # reported through `Drill.note`, never failed
    option: str = (
        ""  # an option of the contract it uses ("affine=False"): what it raises is that option unsupported
    )


@dataclass(frozen=True)
class Quantity:
    """One value a step returns and how it is compared."""

    name: str  # key in the child's outputs: "y", "running_mean", "dx"
    group: str  # the check it belongs to: "output", "running", "input", "grads"
    path: str  # the code path that computes it: "train", "eval", "running", "backward", "input"
    label: str  # the drill's own name for it: "x.grad", "dgamma", "moving_var"
    rule: str  # "close": |got − expected| ≤ tol + tol·|expected|; "norm": ‖got − expected‖ ≤ tol·‖expected‖;
    # "same": bit for bit (an input that must not change); "flag": a fact, exactly (the label
    # says what a wrong one means)
    tolerance: float = 0.0


@dataclass(frozen=True)
class Mistake:
    """A catalogued mistake as it shows on one path: the knobs that reproduce it there."""

    id: str
    path: str
    knobs: tuple[tuple[str, Knob], ...]
    detail: str = ""  # filled into the title, e.g. the dimensions reduced
    reshapes: bool = False  # a shape mistake: the size errors it causes in other cases are its own


@dataclass(frozen=True)
class Path:
    """A code path judged on its own. A dependent path (the backward pass) is judged on top of
    what explains the paths it depends on: a gradient that is exact for the user's own forward
    is right."""

    id: str
    label: str  # "training forward", "backward pass"
    depends: tuple[str, ...] = ()
    modes: tuple[Knobs, ...] = ({},)  # settings that are all correct (e.g. two ways to write a backward)


@dataclass(frozen=True)
class Edition:
    """A convention the drill can be graded by (d2l has two editions; most drills one)."""

    name: str  # "" for a drill with a single edition
    label: str  # "the classic edition (momentum weights the old average)"
    conventions: tuple[str, ...]
    pytorch_differs: str
    starter: str  # the starter file: a template with {path} and the `fills`, marked for the catalog
    data: object = None  # the spec's own convention object, handed back to its functions
    fills: tuple[tuple[str, str], ...] = ()  # the starter's other {names} (said through the catalog)

    def starter_text(self, path: object) -> str:
        """The starter file for `path`, in the language in use (its code is the same in every
        language; its docstrings and comments are translated)."""
        from bnquiz.language import _

        return _(self.starter).format(path=path, **{key: _(value) for key, value in self.fills})


@dataclass(frozen=True)
class Drill:
    name: str
    title: str
    asks: str  # one line: what the user writes
    framework: str  # "torch" or "numpy": what the child imports before the user's code
    functions: tuple[str, ...]  # the functions (or classes) the user must define
    optional: tuple[str, ...]  # graded when defined (cs231n's batchnorm_backward_alt)
    starter_name: str
    hints: tuple[str, ...]
    editions: tuple[Edition, ...]
    paths: tuple[Path, ...]
    caller: str  # "package.module:function", run in the child on every step
    scenarios: Scenarios  # (devices, edition) -> the battery
    inputs: Inputs  # (scenario, edition) -> each step's arrays
    # (scenario, step index, the drill's functions the file defines: its optional ones and
    #  those its calling form requires) -> what the step is judged on
    quantities: Quantities
    # (scenario, step index, inputs, the user's previous outputs, knobs, edition, names)
    #   -> the reference for those names (None: the knobs would have raised here)
    predict: Predict
    mistakes: Mistakes
    form: Callable[[Mapping[str, list[str]]], str | None]  # the calling form, None: not this drill
    # (an info scenario, what its first step returned) -> the line the report shows
    note: Note = lambda scenario, result: ""
    texts: Mapping[str, Text] = field(default_factory=dict)  # words for mistakes of its own
    # a calling form that asks for other names than `functions` (fold's module form) → those names
    requires: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # processes the battery runs in, one per rank of a torch.distributed group (gloo, loopback);
    # the caller gets its rank through the kit, and the ranks' results are read back merged
    ranks: int = 1
    # the blind starter (`drill start --blind`, the interview setting): a template with {path},
    # marked for the catalog, giving the signature, the inputs and the outputs and none of the
    # conventions a mistake breaks; the report names them after the check
    blind: str = ""

    def blind_text(self, path: object) -> str:
        """The blind starter for `path`, in the language in use."""
        from bnquiz.language import _

        return _(self.blind).format(path=path)

    def edition(self, name: str | None) -> Edition:
        """The named edition (the first when None)."""
        if name is None:
            return self.editions[0]
        for edition in self.editions:
            if edition.name == name:
                return edition
        raise KeyError(name)

    def required(self, form: str) -> tuple[str, ...]:
        """The functions or classes a file of this calling form must define."""
        return self.requires.get(form, self.functions)

    def path(self, id: str) -> Path:
        return next(p for p in self.paths if p.id == id)

    def check_count(self, devices: tuple[str, ...], present: frozenset[str] = frozenset()) -> int:
        """How many checks the battery has on these devices, with these optional functions
        defined: `drill list` and `drill check` count alike."""
        return sum(
            len({q.group for q in self.quantities(s, i, present)})
            for s in self.scenarios(devices, self.editions[0])
            if s.device in devices and not s.info
            for i in range(len(s.steps))
        )
