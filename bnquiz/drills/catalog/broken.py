"""The ways a run breaks or cannot be judged: it did not parse, raised, hung, crashed, flooded,
returned the wrong thing, or differs in a way no catalogued mistake explains."""

from __future__ import annotations

from bnquiz.drills.catalog.entry import Text
from bnquiz.language import N_

BROKEN: dict[str, Text] = {
    "syntax-error": Text(
        N_("your file has a syntax error"),
        N_("Python could not parse it."),
        N_("Fix the line shown, then check again."),
    ),
    "import-error": Text(
        N_("your file raised an exception while it was imported"),
        N_("The code at the top level of your file failed before any check could run."),
        N_("Run `python yourfile.py` to see the error in full."),
    ),
    "missing-function": Text(
        N_("a function this drill needs is missing"),
        N_("The grader calls the drill's functions by name."),
        N_("Define them with the exact names and signatures of `bnquiz drill start`."),
    ),
    "exception": Text(
        N_("your code raised an exception{where}"),
        N_("The checks it was running could not compare anything."),
        N_("Read the error and the line of yours it points at, above."),
    ),
    "interrupt": Text(
        N_("your code raised KeyboardInterrupt"),
        N_("The grader treats it like any other exception."),
        N_("Remove the raise (or the input() or signal handling that leads to it)."),
    ),
    "exited": Text(
        N_("your code tried to exit the process"),
        N_("sys.exit() or os._exit() ended the run before the checks were done."),
        N_("Return the result instead of exiting."),
    ),
    "timeout": Text(
        N_("your code did not finish in time"),
        N_("It was stopped (with everything it started) when the time limit ran out."),
        N_(
            "Look for an infinite loop or a wait; the whole battery normally takes well under a "
            "second once torch is imported."
        ),
    ),
    "crashed": Text(
        N_("your code crashed the Python process"),
        N_("It was killed by a signal (a segmentation fault or an abort, for instance)."),
        N_("Look for ctypes, native extensions or os.abort()."),
    ),
    "memory": Text(
        N_("your code ran out of memory"),
        N_("Together, the processes it ran used more memory than the sandbox allows."),
        N_("Look for something that grows without bound."),
    ),
    "processes": Text(
        N_("your code started too many processes or threads"),
        N_(
            "The sandbox caps how many processes and threads a submission may run at once; it was "
            "stopped, with everything it started, when it passed the cap."
        ),
        N_("A batch norm needs no processes or threads of its own: remove the fork, Popen or Thread."),
    ),
    "left-running": Text(
        N_("your code left processes running"),
        N_(
            "When your functions returned, processes they had started were still running; the "
            "sandbox killed them."
        ),
        N_("Wait for (or do without) any process you start."),
    ),
    "output-flood": Text(
        N_("your code printed without end"),
        N_("Its output reached the sandbox's cap and the run was stopped."),
        N_("Remove the print loop."),
    ),
    "bad-return": Text(
        N_("your function returned the wrong type{where}"),
        N_("The drill's contract says what to return."),
        N_("Return exactly what the starter's docstring says."),
    ),
    "wrong-shape": Text(
        N_("{quantity}{where} has the wrong shape"),
        N_("Every output must have the shape the contract gives it."),
        N_("Return arrays of the shapes in the starter's docstring."),
    ),
    "wrong-dtype": Text(
        N_("your output has the wrong dtype or device"),
        N_("The output must have the input's dtype and device (float16 in, float16 out)."),
        N_("Cast back with .to(x.dtype) if you compute in another precision."),
    ),
    "nan": Text(
        N_("{quantity}{where} holds NaN or infinity where the answer is finite"),
        N_("Something divided by zero or overflowed."),
        N_("Check the denominator: sqrt(var + eps)."),
    ),
    "no-gradient": Text(
        N_("no gradient reached {quantity}{where}"),
        N_(
            "After y.backward(dy) the tensor's .grad was None: the computation was cut from autograd "
            "(a .detach(), .numpy(), .item() or torch.no_grad() on the path)."
        ),
        N_("Keep the whole forward computation in torch operations on the inputs."),
    ),
    "unrecognised": Text(
        N_("{quantity}{where} differs from the reference in a way bnquiz does not recognise"),
        N_("No catalogued mistake, nor any pair of them, reproduces what your code returned there."),
        N_(
            "Run your code on the case shown above and compare its expected and actual values with "
            "your own computation, step by step."
        ),
    ),
}
