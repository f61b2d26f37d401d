package xsdrt

import "encoding/xml"

// Ptr returns a pointer to v, for optional elements and attributes:
//
//	ShippingMethod: mwsxml.Ptr[mwsxml.String]("USPS First Class")
func Ptr[T any](v T) *T { return &v }

// AnyElement is an element matched by an xsd:any wildcard (or declared
// without a type), kept as raw XML: its name, attributes and inner XML are
// written back exactly as read.
type AnyElement struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	InnerXML []byte     `xml:",innerxml"`
}
