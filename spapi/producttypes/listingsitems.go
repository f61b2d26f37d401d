package producttypes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spgen/spgen/generated/listingsitems20210801"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// This file is the one place that knows the Listings Items API's request
// types: the checks to run before putListingsItem and patchListingsItem.

// CheckPut validates a putListingsItem body's attributes against its
// product type for the marketplace; pointers are relative to "attributes".
func (v *Validator) CheckPut(ctx context.Context, marketplaceID string, req listingsitems20210801.ListingsItemPutRequest) error {
	body, err := json.Marshal(req.Attributes)
	if err != nil {
		return fmt.Errorf("producttypes: attributes: %w", err)
	}
	var attrs map[string]json.RawMessage
	if err := json.Unmarshal(body, &attrs); err != nil {
		return fmt.Errorf("producttypes: attributes: %w", err)
	}
	return v.Validate(ctx, req.ProductType, marketplaceID, attrs)
}

// CheckPatch validates the value of every add, replace and merge operation
// of a patchListingsItem body against its attribute's schema (a patch
// carries single attributes, so the product type's "required" list does
// not apply). Pointers are "/patches/<i>/value/...".
func (v *Validator) CheckPatch(ctx context.Context, marketplaceID string, req listingsitems20210801.ListingsItemPatchRequest) error {
	s, err := v.Schema(ctx, req.ProductType, marketplaceID, "")
	if err != nil {
		return err
	}
	var all []actionschema.Violation
	for i, p := range req.Patches {
		if p.Op == "delete" || p.Value == nil {
			continue
		}
		name, ok := strings.CutPrefix(p.Path, "/attributes/")
		if !ok || name == "" || strings.Contains(name, "/") {
			all = append(all, actionschema.Violation{Pointer: fmt.Sprintf("/patches/%d/path", i), Keyword: "path", Message: fmt.Sprintf("path %q is not /attributes/<name>", p.Path)})
			continue
		}
		body, err := json.Marshal(p.Value)
		if err != nil {
			return fmt.Errorf("producttypes: patch %d: %w", i, err)
		}
		inst, err := decode(body)
		if err != nil {
			return err
		}
		err = s.ValidateAttribute(name, inst)
		var ve *actionschema.ValidationError
		switch {
		case err == nil:
		case errors.As(err, &ve):
			for _, viol := range ve.Violations {
				viol.Pointer = fmt.Sprintf("/patches/%d/value%s", i, strings.TrimPrefix(viol.Pointer, pointer([]string{name})))
				all = append(all, viol)
			}
		default:
			return err
		}
	}
	if len(all) > 0 {
		return &actionschema.ValidationError{Action: req.ProductType, Violations: all}
	}
	return nil
}
