package domain

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestLeadEmailValidate(t *testing.T) {
	png := base64.StdEncoding.EncodeToString([]byte("\x89PNG tiny"))
	big := base64.StdEncoding.EncodeToString(make([]byte, MaxEmailImage+1))
	ok := LeadEmail{Subject: "Hi", Body: `<p>Hello</p><img src="data:image/png;base64,` + png + `"><img src='https://x.test/logo.JPG?v=2'>`}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid email refused: %v", err)
	}
	for name, body := range map[string]string{
		"gif data":  `<img src="data:image/gif;base64,` + png + `">`,
		"too large": `<img alt="x" src="data:image/jpeg;base64,` + big + `">`,
		"svg url":   `<img src=https://x.test/logo.svg>`,
		"no source": `<img alt="x">`,
	} {
		err := LeadEmail{Subject: "Hi", Body: body}.Validate()
		if err == nil || !strings.Contains(err.Error(), "body") {
			t.Errorf("%s: want a body error, got %v", name, err)
		}
	}
	if err := (LeadEmail{}).Validate(); err == nil || len(err.(*ValidationError).Fields) != 2 {
		t.Errorf("empty email: want subject and body errors, got %v", err)
	}
}

func TestMergeHTMLAndText(t *testing.T) {
	got := MergeHTML("<p>Dear {{nameFirst}},</p><p>{{company}} &amp; {{unknown}}</p>", map[string]string{"nameFirst": "Ann", "company": "A<B>"})
	if got != "<p>Dear Ann,</p><p>A&lt;B&gt; &amp; {{unknown}}</p>" {
		t.Fatalf("merged: %q", got)
	}
	if txt := HTMLText(got); txt != "Dear Ann,\nA<B> & {{unknown}}" {
		t.Fatalf("text: %q", txt)
	}
}
