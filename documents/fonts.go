package documents

import _ "embed"

// The letters' fonts: DejaVu Sans 2.37 (regular and bold), free under the
// Bitstream Vera licence (fonts/LICENSE). They cover Latin (with the
// extended Latin of Central and Eastern Europe), Greek, Cyrillic, Armenian,
// Georgian, Hebrew and Arabic letters, and the typographic signs (€, “ ”,
// —, …); not Chinese, Japanese, Korean or the Indic scripts.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

const fontFamily = "DejaVuSans"
