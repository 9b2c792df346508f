# expect-broken: processes
# A bounded fork storm: 40 children that sleep, each in a session of its own.
import os
import time

import torch
from _sandbox_helpers import batch_norm as batch_norm_done_right
from _sandbox_helpers import record


def batch_norm(x, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    for _ in range(40):
        if os.fork() == 0:
            os.setsid()
            record()
            time.sleep(1000)
            os._exit(0)
    time.sleep(1000)
    return batch_norm_done_right(x, running_mean, running_var, weight, bias, training, momentum, eps)
