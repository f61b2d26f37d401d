package xsdrt

// Element writers used by the generated XSDWrite methods, one line per
// field: ElemX writes a required value, OptX an optional one (nothing for
// nil) and ManyX a repeated one.

// ElemText writes <local>s</local>, s escaped.
func (w *Writer) ElemText(space, local, s string) {
	w.Open(space, local)
	w.Text(s)
	w.End(local)
}

// OptText writes *p as the element local; nothing when p is nil.
func OptText[S ~string](w *Writer, space, local string, p *S) {
	if p != nil {
		w.ElemText(space, local, string(*p))
	}
}

// ManyText writes each value of v as an element local.
func ManyText[S ~string](w *Writer, space, local string, v []S) {
	for _, s := range v {
		w.ElemText(space, local, string(s))
	}
}

type signed interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64
}

type unsigned interface {
	~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

// ElemInt writes the value as the element local.
func ElemInt[I signed](w *Writer, space, local string, n I) {
	w.Open(space, local)
	w.Int(int64(n))
	w.End(local)
}

// OptInt writes *p as the element local; nothing when p is nil.
func OptInt[I signed](w *Writer, space, local string, p *I) {
	if p != nil {
		ElemInt(w, space, local, *p)
	}
}

// ManyInt writes each value of v as an element local.
func ManyInt[I signed](w *Writer, space, local string, v []I) {
	for _, n := range v {
		ElemInt(w, space, local, n)
	}
}

// ElemUint writes the value as the element local.
func ElemUint[U unsigned](w *Writer, space, local string, n U) {
	w.Open(space, local)
	w.Uint(uint64(n))
	w.End(local)
}

// OptUint writes *p as the element local; nothing when p is nil.
func OptUint[U unsigned](w *Writer, space, local string, p *U) {
	if p != nil {
		ElemUint(w, space, local, *p)
	}
}

// ManyUint writes each value of v as an element local.
func ManyUint[U unsigned](w *Writer, space, local string, v []U) {
	for _, n := range v {
		ElemUint(w, space, local, n)
	}
}

// ElemBool writes the value as the element local.
func ElemBool[B ~bool](w *Writer, space, local string, b B) {
	w.Open(space, local)
	w.Bool(bool(b))
	w.End(local)
}

// OptBool writes *p as the element local; nothing when p is nil.
func OptBool[B ~bool](w *Writer, space, local string, p *B) {
	if p != nil {
		ElemBool(w, space, local, *p)
	}
}

// ManyBool writes each value of v as an element local.
func ManyBool[B ~bool](w *Writer, space, local string, v []B) {
	for _, b := range v {
		ElemBool(w, space, local, b)
	}
}

// ElemFloat writes the value as the element local.
func ElemFloat[F ~float32 | ~float64](w *Writer, space, local string, f F, bits int) {
	w.Open(space, local)
	w.Float(float64(f), bits)
	w.End(local)
}

// OptFloat writes *p as the element local; nothing when p is nil.
func OptFloat[F ~float32 | ~float64](w *Writer, space, local string, p *F, bits int) {
	if p != nil {
		ElemFloat(w, space, local, *p, bits)
	}
}

// ManyFloat writes each value of v as an element local.
func ManyFloat[F ~float32 | ~float64](w *Writer, space, local string, v []F, bits int) {
	for _, f := range v {
		ElemFloat(w, space, local, f, bits)
	}
}

// OptDateTime writes *p as the element local; nothing when p is nil.
func OptDateTime(w *Writer, space, local string, p *DateTime) {
	if p != nil {
		w.ElemText(space, local, p.String())
	}
}

// ManyDateTime writes each value of v as an element local.
func ManyDateTime(w *Writer, space, local string, v []DateTime) {
	for i := range v {
		w.ElemText(space, local, v[i].String())
	}
}

// StructWriter is a generated struct type (through its pointer).
type StructWriter[T any] interface {
	*T
	XSDWrite(w *Writer, space, local string)
}

// OptStruct writes *p as the element local; nothing when p is nil.
func OptStruct[T any, P StructWriter[T]](w *Writer, space, local string, p P) {
	if p != nil {
		p.XSDWrite(w, space, local)
	}
}

// ManyStruct writes each value of v as an element local.
func ManyStruct[T any, P StructWriter[T]](w *Writer, space, local string, v []T) {
	for i := range v {
		P(&v[i]).XSDWrite(w, space, local)
	}
}

// OptAny writes *p as the element local; nothing when p is nil.
func OptAny(w *Writer, space, local string, p *AnyElement) {
	if p != nil {
		w.WriteAny(p, space, local)
	}
}

// ManyAny writes each value of v as an element local.
func ManyAny(w *Writer, space, local string, v []AnyElement) {
	for i := range v {
		w.WriteAny(&v[i], space, local)
	}
}
