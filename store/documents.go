package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"frontdesk/document"
	"frontdesk/model"
)

// ErrDamaged is a stored document whose bytes no longer match its SHA-256.
var ErrDamaged = errors.New("its bytes do not match their SHA-256")

// checkDocuments checks the bytes of every document again before they are
// kept: nothing enters the store that is not what it claims to be, whoever
// read it. Done before the write transaction (parsing a large PDF must not
// hold the write lock).
func checkDocuments(docs []model.Document) ([]model.Document, error) {
	out := make([]model.Document, len(docs))
	for i, d := range docs {
		c, err := document.Check(d.Name, d.Data)
		if err != nil {
			return nil, fmt.Errorf("%q %w", d.Name, err)
		}
		out[i] = c
	}
	return out, nil
}

// putDocument keeps d (checked) in the document store and returns its ID:
// the ID of the document with the same bytes when there is one already.
func putDocument(ctx context.Context, tx *sql.Tx, d model.Document) (int64, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO documents (sha256, kind, pages, size, name, data, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
		d.SHA256, d.Kind, d.Pages, d.Size, d.Name, d.Data, now()); err != nil {
		return 0, err
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE sha256 = ?`, d.SHA256).Scan(&id)
	return id, err
}

// attachDocuments keeps the documents of fax id, in order.
func attachDocuments(ctx context.Context, tx *sql.Tx, id int64, docs []model.Document) ([]model.Document, error) {
	out := make([]model.Document, len(docs))
	for i, d := range docs {
		var err error
		if d.ID, err = putDocument(ctx, tx, d); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO fax_documents (fax_id, position, document_id, name) VALUES (?, ?, ?, ?)`,
			id, i+1, d.ID, d.Name); err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// faxDocuments reads what is known of the documents of fax id, in order,
// without their bytes.
func faxDocuments(ctx context.Context, tx *sql.Tx, id int64) ([]model.Document, error) {
	rows, err := tx.QueryContext(ctx, `SELECT d.id, d.sha256, d.kind, d.pages, d.size, fd.name, d.created_at
		FROM fax_documents fd JOIN documents d ON d.id = fd.document_id WHERE fd.fax_id = ? ORDER BY fd.position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []model.Document
	for rows.Next() {
		var d model.Document
		var created string
		if err := rows.Scan(&d.ID, &d.SHA256, &d.Kind, &d.Pages, &d.Size, &d.Name, &created); err != nil {
			return nil, err
		}
		d.Created, _ = time.Parse(time.RFC3339Nano, created)
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

// DocumentData reads the bytes of document id, checked against its
// SHA-256: a document damaged on disk is never sent as if it were whole.
func (s *Store) DocumentData(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	var sum string
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT data, sha256 FROM documents WHERE id = ?`, id).Scan(&b, &sum)
	})
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, mapErr(err))
	}
	if document.Hash(b) != sum {
		return nil, fmt.Errorf("document %d: %w", id, ErrDamaged)
	}
	return b, nil
}

// LoadDocuments fills in the bytes of each document of docs.
func (s *Store) LoadDocuments(ctx context.Context, docs []model.Document) error {
	for i := range docs {
		b, err := s.DocumentData(ctx, docs[i].ID)
		if err != nil {
			return err
		}
		docs[i].Data = b
	}
	return nil
}
