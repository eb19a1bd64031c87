//go:build unix

package private

import (
	"io/fs"
	"syscall"
)

func owner(fi fs.FileInfo) int {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid)
	}
	return -1
}
