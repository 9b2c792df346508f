"""The ways a run breaks or cannot be judged: it did not parse, raised, hung, crashed, flooded,
returned the wrong thing, or differs in a way no catalogued mistake explains."""

from __future__ import annotations

from bnquiz.drills.catalog.entry import Text

BROKEN: dict[str, Text] = {
    "syntax-error": Text(
        "your file has a syntax error", "Python could not parse it.", "Fix the line shown, then check again."
    ),
    "import-error": Text(
        "your file raised an exception while it was imported",
        "The code at the top level of your file failed before any check could run.",
        "Run `python yourfile.py` to see the error in full.",
    ),
    "missing-function": Text(
        "a function this drill needs is missing",
        "The grader calls the drill's functions by name.",
        "Define them with the exact names and signatures of `bnquiz drill start`.",
    ),
    "exception": Text(
        "your code raised an exception{where}",
        "The checks it was running could not compare anything.",
        "Read the error and the line of yours it points at, above.",
    ),
    "interrupt": Text(
        "your code raised KeyboardInterrupt",
        "The grader treats it like any other exception.",
        "Remove the raise (or the input() or signal handling that leads to it).",
    ),
    "exited": Text(
        "your code tried to exit the process",
        "sys.exit() or os._exit() ended the run before the checks were done.",
        "Return the result instead of exiting.",
    ),
    "timeout": Text(
        "your code did not finish in time",
        "It was stopped (with everything it started) when the time limit ran out.",
        "Look for an infinite loop or a wait; the whole battery normally takes well under a "
        "second once torch is imported.",
    ),
    "crashed": Text(
        "your code crashed the Python process",
        "It was killed by a signal (a segmentation fault or an abort, for instance).",
        "Look for ctypes, native extensions or os.abort().",
    ),
    "memory": Text(
        "your code ran out of memory",
        "Together, the processes it ran used more memory than the sandbox allows.",
        "Look for something that grows without bound.",
    ),
    "processes": Text(
        "your code started too many processes or threads",
        "The sandbox caps how many processes and threads a submission may run at once; it was "
        "stopped, with everything it started, when it passed the cap.",
        "A batch norm needs no processes or threads of its own: remove the fork, Popen or Thread.",
    ),
    "left-running": Text(
        "your code left processes running",
        "When your functions returned, processes they had started were still running; the "
        "sandbox killed them.",
        "Wait for (or do without) any process you start.",
    ),
    "output-flood": Text(
        "your code printed without end",
        "Its output reached the sandbox's cap and the run was stopped.",
        "Remove the print loop.",
    ),
    "bad-return": Text(
        "your function returned the wrong type{where}",
        "The drill's contract says what to return.",
        "Return exactly what the starter's docstring says.",
    ),
    "wrong-shape": Text(
        "{quantity}{where} has the wrong shape",
        "Every output must have the shape the contract gives it.",
        "Return arrays of the shapes in the starter's docstring.",
    ),
    "wrong-dtype": Text(
        "your output has the wrong dtype or device",
        "The output must have the input's dtype and device (float16 in, float16 out).",
        "Cast back with .to(x.dtype) if you compute in another precision.",
    ),
    "nan": Text(
        "{quantity}{where} holds NaN or infinity where the answer is finite",
        "Something divided by zero or overflowed.",
        "Check the denominator: sqrt(var + eps).",
    ),
    "no-gradient": Text(
        "no gradient reached {quantity}{where}",
        "After y.backward(dy) the tensor's .grad was None: the computation was cut from autograd "
        "(a .detach(), .numpy(), .item() or torch.no_grad() on the path).",
        "Keep the whole forward computation in torch operations on the inputs.",
    ),
    "unrecognised": Text(
        "{quantity}{where} differs from the reference in a way bnquiz does not recognise",
        "No catalogued mistake, nor any pair of them, reproduces what your code returned there.",
        "Run your code on the case shown above and compare its expected and actual values with "
        "your own computation, step by step.",
    ),
}
