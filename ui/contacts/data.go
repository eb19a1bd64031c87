package contacts

import "frontdesk/contactindex"

// row is one line of the list, unpacked for drawing.
type row = contactindex.Row
