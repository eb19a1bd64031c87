package store

import (
	"context"

	"frontdesk/model"
)

// ShareSettings is a stand-in until the sharing settings land.
func (s *Store) ShareSettings(ctx context.Context) (model.ShareSettings, error) {
	return model.ShareSettings{}, nil
}
