package importer

import (
	"os"
	"runtime/debug"
)

// MemoryLimit is the soft memory limit an import from the command line
// runs under (runtime/debug.SetMemoryLimit). What an import keeps grows
// with the file by a few dozen bytes a row (about 80 MiB for a million
// rows: the plan, the known people, the list lines being sorted); the rest
// is the garbage of rows already read, which the collector then clears
// before it piles up. BenchmarkImport measures the import under it.
const MemoryLimit = 120 << 20

// LimitMemory sets MemoryLimit, unless the user chose a limit of their own
// (GOMEMLIMIT) or a lower one is set, and returns what puts the previous
// limit back.
func LimitMemory() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(-1)
	if prev <= MemoryLimit {
		return func() {}
	}
	debug.SetMemoryLimit(MemoryLimit)
	return func() { debug.SetMemoryLimit(prev) }
}
