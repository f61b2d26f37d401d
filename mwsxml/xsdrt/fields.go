package xsdrt

// ErrOf turns a single check result into a Validate result.
func ErrOf(root string, f *Violation) error {
	if f == nil {
		return nil
	}
	v := NewValidator("")
	v.Check(root, f)
	return v.Err()
}

// Field checks used by the generated XSDValidate methods, one line per field.

// Checker is a generated simple type.
type Checker interface{ XSDCheck() *Violation }

// CheckOpt checks *p, when p is not nil, at the child name.
func CheckOpt[T Checker](v *Validator, name string, p *T) {
	if p != nil {
		v.Check(name, (*p).XSDCheck())
	}
}

// CheckMany checks every value of s at the child name, numbering them.
func CheckMany[T Checker](v *Validator, name string, s []T) {
	for i := range s {
		v.CheckAt(name, i+1, s[i].XSDCheck())
	}
}

// CheckOptFn and CheckManyFn check built-in typed values with f.
func CheckOptFn[T any](v *Validator, name string, p *T, f func(T) *Violation) {
	if p != nil {
		v.Check(name, f(*p))
	}
}

// CheckManyFn checks every value of s with f at the child name, numbering them.
func CheckManyFn[T any](v *Validator, name string, s []T, f func(T) *Violation) {
	for i := range s {
		v.CheckAt(name, i+1, f(s[i]))
	}
}

// StructValidator is a generated struct type (through its pointer).
type StructValidator[T any] interface {
	*T
	XSDValidate(v *Validator)
}

// ValidateOpt validates the struct p points to, when not nil, as the child name.
func ValidateOpt[T any, P StructValidator[T]](v *Validator, name string, p P) {
	if p != nil {
		v.Enter(name, 0)
		p.XSDValidate(v)
		v.Leave()
	}
}

// ValidateMany validates every struct of s as the child name, numbering them.
func ValidateMany[T any, P StructValidator[T]](v *Validator, name string, s []T) {
	for i := range s {
		v.Enter(name, i+1)
		P(&s[i]).XSDValidate(v)
		v.Leave()
	}
}
