// Umbrella header: everything mymodule offers to C++ and, through JavaCPP, to Java.
#pragma once

#include "mymodule/common.h"
#include "mymodule/progress.h"
#include "mymodule/core.h"
#include "mymodule/image.h"
#include "mymodule/kmeans.h"
#include "mymodule/nbody.h"
#include "mymodule/stats.h"
