package messaging

import (
	"fmt"
	"io"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Attachment is a file the seller attaches to a message (steps 5 and 6 of
// the messaging guide).
type Attachment struct {
	// FileName is the name the buyer sees, with its extension, e.g.
	// "proof.png". The extension decides the file type.
	FileName string
	// ContentType overrides the media type derived from the extension.
	ContentType string
	// Content is the file; it is read twice (size and Content-MD5, then
	// the upload), so it must be seekable, e.g. *os.File or *bytes.Reader.
	Content io.ReadSeeker
}

// AttachmentPolicy is what Amazon accepts as attachments beyond the
// schema's maxItems: the total size and the file types. Amazon states both
// in prose, in the description of the schema's "attachments" property:
// "You can upload text files, PDFs, Word documents, and these image file
// types: .jpg, .gif, and .png. The total size of attachments must be less
// than 10 MB." [PolicyFromSchema] reads them from there.
type AttachmentPolicy struct {
	// MaxTotalBytes is the exclusive upper bound of the attachments'
	// total size.
	MaxTotalBytes int64
	// Types maps each allowed extension (lower case, with the dot) to the
	// media type the file is uploaded with.
	Types map[string]string
}

// mediaTypes are the file types the messaging guide names.
var mediaTypes = map[string]string{
	".txt":  "text/plain",
	".pdf":  "application/pdf",
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".gif":  "image/gif",
	".png":  "image/png",
}

// DefaultAttachmentPolicy is the messaging guide's policy: less than 10 MB
// in total (10,000,000 bytes, the stricter reading of "MB"); text files,
// PDFs, Word documents, .jpg, .gif and .png.
func DefaultAttachmentPolicy() AttachmentPolicy {
	types := make(map[string]string, len(mediaTypes))
	for k, v := range mediaTypes {
		types[k] = v
	}
	return AttachmentPolicy{MaxTotalBytes: 10_000_000, Types: types}
}

var (
	sizeLimit = regexp.MustCompile(`(?i)less than (\d+(?:\.\d+)?)\s*(KB|MB|GB)`)
	extension = regexp.MustCompile(`\.(txt|pdf|docx?|jpe?g|gif|png)\b`)
	category  = map[*regexp.Regexp][]string{
		regexp.MustCompile(`(?i)\btext files?\b`):     {".txt"},
		regexp.MustCompile(`(?i)\bPDFs?\b`):           {".pdf"},
		regexp.MustCompile(`(?i)\bWord documents?\b`): {".doc", ".docx"},
	}
)

// PolicyFromSchema derives the policy from an action schema (decoded JSON):
// the size limit and file types named in the description of its
// "attachments" property. What the description does not state falls back
// to [DefaultAttachmentPolicy].
func PolicyFromSchema(schema any) AttachmentPolicy {
	p := DefaultAttachmentPolicy()
	desc := attachmentsDescription(schema)
	if m := sizeLimit.FindStringSubmatch(desc); m != nil {
		n, err := strconv.ParseFloat(m[1], 64)
		if err == nil && n > 0 {
			unit := map[string]float64{"KB": 1e3, "MB": 1e6, "GB": 1e9}[strings.ToUpper(m[2])]
			p.MaxTotalBytes = int64(n * unit)
		}
	}
	found := map[string]string{}
	for _, m := range extension.FindAllStringSubmatch(desc, -1) {
		ext := "." + strings.ToLower(m[1])
		found[ext] = mediaTypes[ext]
		if ext == ".jpg" || ext == ".jpeg" {
			found[".jpg"], found[".jpeg"] = mediaTypes[".jpg"], mediaTypes[".jpeg"]
		}
	}
	for re, exts := range category {
		if re.MatchString(desc) {
			for _, e := range exts {
				found[e] = mediaTypes[e]
			}
		}
	}
	if len(found) > 0 {
		p.Types = found
	}
	return p
}

func attachmentsDescription(schema any) string {
	m, _ := schema.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	att, _ := props["attachments"].(map[string]any)
	d, _ := att["description"].(string)
	return d
}

// extensions returns the allowed extensions, sorted, for messages.
func (p AttachmentPolicy) extensions() string {
	var e []string
	for k := range p.Types {
		e = append(e, k)
	}
	sort.Strings(e)
	return strings.Join(e, ", ")
}

// prepared is an attachment checked against the policy.
type prepared struct {
	Attachment
	size        int64
	contentType string
}

// check enforces p on files, reading each file's size and first bytes; it
// uploads nothing.
func (p AttachmentPolicy) check(files []Attachment) ([]prepared, error) {
	out := make([]prepared, 0, len(files))
	var total int64
	for i, f := range files {
		if f.FileName == "" || f.Content == nil {
			return nil, &AttachmentError{Index: i, FileName: f.FileName, Reason: "needs a FileName and Content"}
		}
		ext := strings.ToLower(path.Ext(f.FileName))
		ct, ok := p.Types[ext]
		if !ok {
			return nil, &AttachmentError{Index: i, FileName: f.FileName, Reason: fmt.Sprintf("file type %q is not allowed (allowed: %s)", ext, p.extensions())}
		}
		if f.ContentType != "" {
			ct = f.ContentType
		}
		size, head, err := measure(f.Content)
		if err != nil {
			return nil, &AttachmentError{Index: i, FileName: f.FileName, Reason: "cannot read content", Err: err}
		}
		if sniffed := http.DetectContentType(head); !contentMatches(ext, sniffed) {
			return nil, &AttachmentError{Index: i, FileName: f.FileName, Reason: fmt.Sprintf("content is %s, not a %s file", sniffed, ext)}
		}
		total += size
		out = append(out, prepared{Attachment: f, size: size, contentType: ct})
	}
	if len(files) > 0 && total >= p.MaxTotalBytes {
		return nil, &AttachmentError{Index: -1, Reason: fmt.Sprintf("total size %d bytes is not less than the limit of %d bytes", total, p.MaxTotalBytes)}
	}
	return out, nil
}

// contentMatches reports whether sniffed content agrees with the
// extension, for the types whose content has a signature.
func contentMatches(ext, sniffed string) bool {
	want := map[string]string{".pdf": "application/pdf", ".png": "image/png", ".gif": "image/gif", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}[ext]
	if want == "" {
		if ext == ".txt" {
			return strings.HasPrefix(sniffed, "text/plain")
		}
		return true
	}
	return sniffed == want
}

// measure returns the size of r and its first 512 bytes, leaving r at its
// start.
func measure(r io.ReadSeeker) (int64, []byte, error) {
	start, err := r.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, nil, err
	}
	end, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, nil, err
	}
	if _, err := r.Seek(start, io.SeekStart); err != nil {
		return 0, nil, err
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return 0, nil, err
	}
	if _, err := r.Seek(start, io.SeekStart); err != nil {
		return 0, nil, err
	}
	return end - start, head[:n], nil
}
