package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// The user and token commands exist for the first administrator, who has no
// token to call the API with yet. They run the same store operations and
// domain rules as POST /users and POST /users/{id}/tokens.

func runUser(ctx context.Context, cfg config, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: drumbeat user create --name N --email E --privileges admin,campaigns [--password-stdin]")
	}
	return withStore(ctx, cfg, func(st *store.Store) error { return userCreate(ctx, st, args[1:], os.Stdin, os.Stdout) })
}

func runToken(ctx context.Context, cfg config, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: drumbeat token create --email E [--label L] [--expires 720h]")
	}
	return withStore(ctx, cfg, func(st *store.Store) error { return tokenCreate(ctx, st, args[1:], os.Stdout) })
}

func withStore(ctx context.Context, cfg config, fn func(*store.Store) error) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

// parseFlags parses a subcommand's flags, refusing stray arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard) // the error returned says what is wrong
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%s: %w", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// userCreate creates a user and prints it as JSON (never its password).
func userCreate(ctx context.Context, st *store.Store, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	name := fs.String("name", "", "the user's name")
	email := fs.String("email", "", "the user's email, unique")
	privs := fs.String("privileges", "", "comma-separated privileges: "+strings.Join(domain.KnownPrivileges, ","))
	pwStdin := fs.Bool("password-stdin", false, "read the user's password from standard input")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in := domain.UserInput{Name: *name, Email: *email}
	for _, p := range strings.Split(*privs, ",") {
		if p = strings.TrimSpace(p); p != "" {
			in.Privileges = append(in.Privileges, p)
		}
	}
	if *pwStdin {
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		in.Password = &pw
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	u, err := st.CreateUser(ctx, in)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(u)
}

// readPassword reads the first line of r (without its line ending), so that
// `echo "$PW" | drumbeat user create ... --password-stdin` stores $PW.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("--password-stdin: standard input holds no password")
	}
	return pw, nil
}

// tokenCreate gives a user a new token and prints only the token, so that a
// script can capture it: T=$(drumbeat token create --email admin@example.com).
func tokenCreate(ctx context.Context, st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	email := fs.String("email", "", "the email of the user the token is for")
	label := fs.String("label", "command line", "what the token is for")
	expires := fs.Duration("expires", 0, "lifetime of the token, e.g. 720h (default: it never expires)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *expires < 0 {
		return errors.New("token create: --expires must be a positive duration such as 720h")
	}
	u, err := st.UserByEmail(ctx, domain.NormalizeEmail(*email))
	if errors.Is(err, domain.ErrNotFound) {
		return fmt.Errorf("token create: no user has the email %q", *email)
	}
	if err != nil {
		return err
	}
	now := time.Now()
	in := domain.TokenInput{Label: *label}
	if *expires > 0 {
		at := now.Add(*expires)
		in.ExpiresAt = &at
	}
	in.Normalize()
	if err := in.Validate(now); err != nil {
		return err
	}
	t, err := st.IssueToken(ctx, u.ID, in)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, t.Secret)
	return err
}
