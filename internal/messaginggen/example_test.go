package messaginggen_test

import (
	"errors"
	"fmt"

	"github.com/spgen/spgen/generated/messagingactions"
	"github.com/spgen/spgen/internal/messaginggen"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// Generating the request types of the documented response.
func ExampleGenerate() {
	files, err := messaginggen.Generate(messaginggen.Config{
		Inputs:  []string{fixtureResponse},
		Package: "messagingactions",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range files.Names() {
		fmt.Println(name)
	}
	// Output:
	// confirm_customization_details.go
	// confirm_order_details.go
	// doc.go
	// negative_feedback_removal.go
	// schemas/confirm_customization_details.json
	// schemas/confirm_order_details.json
	// schemas/negative_feedback_removal.json
}

// A generated Validate reports every violation with its JSON pointer and
// keyword.
func Example_validate() {
	req := messagingactions.ConfirmCustomizationDetailsRequest{
		RawMessageBody: "",
		Attachments:    make([]messagingactions.ConfirmCustomizationDetailsAttachment, 6),
	}
	var ve *actionschema.ValidationError
	if errors.As(req.Validate(), &ve) {
		for _, v := range ve.Violations {
			fmt.Println(v)
		}
	}
	// Output:
	// /attachments: maxItems: number of items must be <= 5, but got 6
	// /rawMessageBody: minLength: length must be >= 1, but got 0
}
