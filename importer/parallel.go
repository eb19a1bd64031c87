package importer

import (
	"context"
	"runtime"
	"sync"
)

// batchRows is how many rows travel together between the goroutines of
// eachRow: enough to make the hand-over cheap, few enough to keep memory
// small.
const batchRows = 512

type rowBatch[T any] struct {
	seq   int
	rows  []int
	cells [][]string
	out   []T
}

// eachRow reads the file and runs work on every row, on every core, then
// hands the results to deliver in row order, on the calling goroutine. work
// must not share state; deliver may.
func eachRow[T any](ctx context.Context, path string, opts Options, work func(row int, cells []string) T,
	deliver func(row int, r T) error) (*Preview, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *rowBatch[T], 4)
	done := make(chan *rowBatch[T], 4)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				b.out = make([]T, len(b.rows))
				for i, row := range b.rows {
					b.out[i] = work(row, b.cells[i])
				}
				select {
				case done <- b:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	var pv *Preview
	readErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		seq := 0
		cur := &rowBatch[T]{}
		send := func() bool {
			select {
			case jobs <- cur:
			case <-ctx.Done():
				return false
			}
			seq++
			cur = &rowBatch[T]{seq: seq}
			return true
		}
		var err error
		pv, err = Read(path, opts, func(row int, cells []string) error {
			cur.rows = append(cur.rows, row)
			cur.cells = append(cur.cells, append([]string(nil), cells...))
			if len(cur.rows) == batchRows && !send() {
				return ctx.Err()
			}
			return nil
		})
		if err == nil && len(cur.rows) > 0 {
			send()
		}
		readErr <- err
	}()
	go func() {
		wg.Wait()
		close(done)
	}()
	// Deliver in order: batches may finish out of order.
	waiting := map[int]*rowBatch[T]{}
	next := 0
	var err error
	for b := range done {
		if err != nil {
			continue // drain
		}
		waiting[b.seq] = b
		for {
			nb, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			for i, row := range nb.rows {
				if err = deliver(row, nb.out[i]); err != nil {
					cancel()
					break
				}
			}
			if err != nil {
				break
			}
		}
	}
	if rerr := <-readErr; rerr != nil && err == nil {
		err = rerr
	}
	if err == nil {
		err = ctx.Err()
	}
	return pv, err
}
