package messaginggen

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// intBounds returns the minimum/maximum checks of an integer held in an
// int64, with the bounds rounded exactly: x >= 1.5 is x >= 2 for integers.
func intBounds(t *Type, v *jen.Statement, add addFunc) []jen.Code {
	var out []jen.Code
	minI, maxI := big.NewInt(math.MinInt64), big.NewInt(math.MaxInt64)
	if t.Minimum != nil {
		// smallest integer satisfying the bound
		lo := ceilRat(t.Minimum)
		if t.ExclusiveMinimum && new(big.Rat).SetInt(lo).Cmp(t.Minimum) == 0 {
			lo.Add(lo, big.NewInt(1))
		}
		kw, op := "minimum", ">="
		if t.ExclusiveMinimum {
			// draft-04's boolean form; validators name the failed keyword
			// exclusiveMinimum, as later drafts spell it.
			kw, op = "exclusiveMinimum", ">"
		}
		msg := "must be " + op + " " + t.MinimumText
		switch {
		case lo.Cmp(minI) <= 0:
			// every int64 satisfies it
		case lo.Cmp(maxI) > 0:
			out = append(out, add(kw, msg, v))
		default:
			out = append(out, jen.If(jen.Add(v).Op("<").Op(lo.String())).Block(add(kw, msg, v)))
		}
	}
	if t.Maximum != nil {
		hi := floorRat(t.Maximum)
		if t.ExclusiveMaximum && new(big.Rat).SetInt(hi).Cmp(t.Maximum) == 0 {
			hi.Sub(hi, big.NewInt(1))
		}
		kw, op := "maximum", "<="
		if t.ExclusiveMaximum {
			kw, op = "exclusiveMaximum", "<"
		}
		msg := "must be " + op + " " + t.MaximumText
		switch {
		case hi.Cmp(maxI) >= 0:
		case hi.Cmp(minI) < 0:
			out = append(out, add(kw, msg, v))
		default:
			out = append(out, jen.If(jen.Add(v).Op(">").Op(hi.String())).Block(add(kw, msg, v)))
		}
	}
	return out
}

func floorRat(r *big.Rat) *big.Int {
	q := new(big.Int)
	m := new(big.Int)
	q.DivMod(r.Num(), r.Denom(), m) // Euclidean: m >= 0, so q = floor for positive denominators
	return q
}

func ceilRat(r *big.Rat) *big.Int {
	q := floorRat(r)
	if !r.IsInt() {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// floatBounds returns the minimum/maximum checks of a number held in a
// float64. A float64 value stands for the number encoding/json writes for
// it (its shortest decimal form), so the bound is replaced by the float64
// threshold L on the valid side: for every float64 x, x >= L holds exactly
// when the decimal encoding/json writes for x is >= the decimal minimum.
func floatBounds(t *Type, v *jen.Statement, add addFunc) []jen.Code {
	var out []jen.Code
	if t.Minimum != nil {
		kw, op := "minimum", ">="
		if t.ExclusiveMinimum {
			// draft-04's boolean form; validators name the failed keyword
			// exclusiveMinimum, as later drafts spell it.
			kw, op = "exclusiveMinimum", ">"
		}
		msg := "must be " + op + " " + t.MinimumText
		lo := lowestFloatAbove(t.Minimum, t.ExclusiveMinimum)
		switch {
		case math.IsInf(lo, -1):
		case math.IsInf(lo, 1):
			out = append(out, add(kw, msg, v))
		default:
			out = append(out, jen.If(jen.Op("!").Parens(jen.Add(v).Op(">=").Op(floatLit(lo)))).Block(add(kw, msg, v)))
		}
	}
	if t.Maximum != nil {
		kw, op := "maximum", "<="
		if t.ExclusiveMaximum {
			kw, op = "exclusiveMaximum", "<"
		}
		msg := "must be " + op + " " + t.MaximumText
		neg := new(big.Rat).Neg(t.Maximum)
		hi := -lowestFloatAbove(neg, t.ExclusiveMaximum)
		switch {
		case math.IsInf(hi, 1):
		case math.IsInf(hi, -1):
			out = append(out, add(kw, msg, v))
		default:
			out = append(out, jen.If(jen.Op("!").Parens(jen.Add(v).Op("<=").Op(floatLit(hi)))).Block(add(kw, msg, v)))
		}
	}
	return out
}

// lowestFloatAbove returns the smallest float64 f whose shortest decimal
// form is >= r (> r when strict); -Inf when every finite float64
// qualifies, +Inf when none does.
func lowestFloatAbove(r *big.Rat, strict bool) float64 {
	f, _ := r.Float64()
	if math.IsInf(f, 0) {
		return f
	}
	ok := func(c float64) bool {
		d := shortestDecimal(c).Cmp(r)
		return d > 0 || (!strict && d == 0)
	}
	// f is the float64 nearest to r, so the shortest decimal of the one
	// below it is already below r; the answer is one of the next few.
	c := math.Nextafter(f, math.Inf(-1))
	if math.IsInf(c, -1) {
		c = -math.MaxFloat64
	}
	for !ok(c) {
		c = math.Nextafter(c, math.Inf(1))
		if math.IsInf(c, 1) {
			return c
		}
	}
	if c == -math.MaxFloat64 {
		return math.Inf(-1)
	}
	return c
}

// shortestDecimal returns the exact value of the shortest decimal that
// reads back as f, which is what encoding/json writes for f.
func shortestDecimal(f float64) *big.Rat {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	return r
}

func floatLit(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if strings.HasPrefix(s, "-") {
		return "(" + s + ")"
	}
	return s
}
