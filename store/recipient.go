package store

import (
	"context"
	"database/sql"
	"errors"

	"frontdesk/model"
)

// ContactByFax returns the contact with fax number fax (E.164), a
// multiple-entity one first when several share it.
func (s *Store) ContactByFax(ctx context.Context, fax string) (model.Contact, bool, error) {
	var id int64
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT id FROM contacts WHERE fax = ? ORDER BY kind = 'group' DESC, id LIMIT 1`, fax).Scan(&id)
	})
	if errors.Is(err, sql.ErrNoRows) || errors.Is(err, ErrNotFound) {
		return model.Contact{}, false, nil
	}
	if err != nil {
		return model.Contact{}, false, err
	}
	c, err := s.GetContact(ctx, id)
	return c, err == nil, err
}

// SaveRecipient saves a person met while sending a fax, by the rules of a
// shared number: when fax is a multiple-entity contact's, the person joins
// it; when it is a single contact's, that contact becomes a multiple-entity
// one named group (its default name when empty) and the person joins it;
// otherwise the person is a new single contact. It returns the contact and
// the person's place in it.
func (s *Store) SaveRecipient(ctx context.Context, person model.Entity, fax, group string) (model.Contact, model.ContactRef, error) {
	c, found, err := s.ContactByFax(ctx, fax)
	if err != nil {
		return c, model.ContactRef{}, err
	}
	if !found {
		c, err = s.CreateContact(ctx, model.Contact{Kind: model.Single, Fax: fax, Entities: []model.Entity{person}})
		return c, model.ContactRef{ContactID: c.ID}, err
	}
	if c.Kind == model.Single {
		if group == "" {
			group = c.DefaultGroupName()
		}
		if c, err = c.ToGroup(group); err != nil {
			return c, model.ContactRef{}, err
		}
	}
	if c, err = c.AddPerson(person); err != nil {
		return c, model.ContactRef{}, err
	}
	if c, err = s.UpdateContact(ctx, c); err != nil {
		return c, model.ContactRef{}, err
	}
	return c, model.ContactRef{ContactID: c.ID, EntityID: c.Entities[len(c.Entities)-1].ID}, nil
}
