package documents

import _ "embed"

// The letters' fonts: DejaVu Sans 2.37 (regular and bold), free under the
// Bitstream Vera licence (fonts/LICENSE). They cover Latin (with the
// extended Latin of Central and Eastern Europe), Greek, Cyrillic, Armenian
// and Georgian, and the typographic signs (€, “ ”, —, …); not Chinese,
// Japanese, Korean or the Indic scripts. Lines are laid out left to right,
// so Hebrew and Arabic, whose letters the font has, do not print correctly.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

const fontFamily = "DejaVuSans"
