package domain

// ForbiddenError refuses an operation the user's privileges do not allow,
// where the privilege depends on what is asked (an opportunity's lock, say)
// rather than on the route.
type ForbiddenError struct {
	Privilege string
	Reason    string
}

// Error implements error.
func (e *ForbiddenError) Error() string { return e.Reason }

// Need returns a ForbiddenError unless u holds privilege; what names the
// operation in the reason.
func Need(u User, privilege, what string) error {
	if u.Has(privilege) {
		return nil
	}
	return &ForbiddenError{Privilege: privilege, Reason: what + " needs the privilege " + privilege}
}
