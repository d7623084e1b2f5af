// Package documents turns Document Manager documents into the files people
// print or receive: PDF letters laid out with embedded UTF-8 fonts, Word
// (DOCX) templates filled with merge fields, and one combined print job per
// batch. Like domain it does no I/O: every function takes bytes and values
// and returns bytes, so store and activities can call it inside a
// transaction or an activity alike.
package documents
