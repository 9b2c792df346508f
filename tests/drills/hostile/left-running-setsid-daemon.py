# expect-broken: left-running
# Right results, but on its first call it double-forks a daemon that calls setsid() and sleeps.
import os
import time

import torch
from _sandbox_helpers import batch_norm as batch_norm_done_right
from _sandbox_helpers import record

_started = False


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    global _started
    if not _started:
        _started = True
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                record()
                time.sleep(1000)
            os._exit(0)
    return batch_norm_done_right(x, running_mean, running_var, weight, bias, training, momentum, eps)
