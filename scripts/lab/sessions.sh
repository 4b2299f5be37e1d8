# Sourced by scripts/lab/record once the servers are up: records every lesson.
# Each lesson: start a capture, run real clients, stop the capture.
# shellcheck shell=bash

STAGE="$LAB/stage"
SEED="$LAB/seed"
MSGS="$LAB/msgs"
SMTP_DEMO="$HERE/smtp_demo.py"
POP3_DEMO="$HERE/pop3_demo.py"
IMAP_DEMO="$HERE/imap_demo.py"
EHLO=client.lab.example

# ------------------------------------------------------------ captures
CAP_FILE=""
capture_start() {  # capture_start NAME KIND FILTER; KIND: ether|sll|sll2|nano|pcapng
  local name=$1 kind=$2 filter=$3 i
  local err="$LAB/log/$name.capture.err"
  : > "$LAB/cmd/$name.txt"
  case "$kind" in
    ether)  CAP_FILE="$STAGE/$name.pcap"
            tcpdump -i lo -s 0 -U -n -w "$CAP_FILE" "$filter" 2>"$err" & ;;
    sll)    CAP_FILE="$STAGE/$name.pcap"
            tcpdump -i any -y LINUX_SLL -s 0 -U -n -w "$CAP_FILE" "$filter" 2>"$err" & ;;
    snap120) CAP_FILE="$STAGE/$name.pcap"   # frames cut at 120 bytes: captured length < original length
            tcpdump -i lo -s 120 -U -n -w "$CAP_FILE" "$filter" 2>"$err" & ;;
    base)   CAP_FILE="$LAB/base/$name.pcap"   # a real recording that reframe.py rewrites
            mkdir -p "$LAB/base"
            tcpdump -i lo -s 0 -U -n -w "$CAP_FILE" "$filter" 2>"$err" & ;;
    sll2)   CAP_FILE="$STAGE/$name.pcap"
            tcpdump -i any -y LINUX_SLL2 -s 0 -U -n -w "$CAP_FILE" "$filter" 2>"$err" & ;;
    nano)   CAP_FILE="$STAGE/$name.pcap"
            tcpdump -i lo --time-stamp-precision=nano -s 0 -U -n -w "$CAP_FILE" "$filter" 2>"$err" & ;;
    pcapng) CAP_FILE="$STAGE/$name.pcapng"
            dumpcap -i lo -s 262144 -n -q -f "$filter" -w "$CAP_FILE" 2>"$err" & ;;
    *) die "unknown capture kind $kind" ;;
  esac
  CAP_PID=$!
  echo "$CAP_PID $LAB" >> "$STATE_FILE"
  for i in $(seq 100); do
    grep -qE 'listening on|Capturing on' "$err" 2>/dev/null && break
    kill -0 "$CAP_PID" 2>/dev/null || { cat "$err" >&2; die "capture for $name did not start"; }
    sleep 0.1
  done
  grep -qE 'listening on|Capturing on' "$err" || die "capture for $name did not start in time"
  sleep 0.5   # let the capture settle before the first SYN
  printf '%s\t%s\t%s\n' "$name" "$kind" "$filter" >> "$LAB/cmd/captures.tsv"
  log "recording $(basename "$CAP_FILE") ($kind; $filter)"
}

capture_stop() {
  sleep 1   # the FIN/ACK teardown must be in the capture
  kill -INT "$CAP_PID" 2>/dev/null || true
  wait "$CAP_PID" 2>/dev/null || true
  CAP_PID=""
  [ -s "$CAP_FILE" ] || die "capture $CAP_FILE is empty"
}

# ------------------------------------------------------------ clients
client() {  # client NAME CMD ARGS...: run a real client; log the exact command for the notes
  local name=$1; shift
  local shown
  shown=$(printf '%q ' "$@")
  shown=${shown% }
  shown=${shown//$HERE\//scripts\/lab\/}
  shown=${shown//$MSGS\//}
  shown=${shown//$PY /python3 }
  printf '%s\n' "$shown" >> "$LAB/cmd/$name.txt"
  if ! "$@" >>"$LAB/log/$name.client.log" 2>&1; then
    cat "$LAB/log/$name.client.log" >&2
    die "client failed in lesson $name: $shown"
  fi
}

client_may_fail() {  # client_may_fail NAME CMD ARGS...: like client, for a lesson whose client is meant to fail
  local name=$1; shift
  local shown rc=0
  shown=$(printf '%q ' "$@")
  shown=${shown% }
  shown=${shown//$HERE\//scripts\/lab\/}
  shown=${shown//$MSGS\//}
  shown=${shown//$PY /python3 }
  printf '%s\n' "$shown" >> "$LAB/cmd/$name.txt"
  "$@" >>"$LAB/log/$name.client.log" 2>&1 || rc=$?
  printf 'exit status %s\n' "$rc" >> "$LAB/log/$name.client.log"
  [ "$rc" != 0 ] || log "  note: the client of $name succeeded although the lesson expects a refusal"
  return 0
}

wait_queue_empty() {
  local i
  for i in $(seq 100); do
    if [ -z "$(find "$LAB/postfix-queue/incoming" "$LAB/postfix-queue/active" "$LAB/postfix-queue/maildrop" -type f 2>/dev/null)" ]; then
      return 0
    fi
    sleep 0.1
  done
  log "warning: the Postfix queue did not drain in 10 s"
}

count_mail() {  # count_mail USER: messages in the Maildir's new/ and cur/
  find "$LAB/mail/lab.example/$1/new" "$LAB/mail/lab.example/$1/cur" -type f 2>/dev/null | wc -l
}

seed_mailboxes() {
  wait_queue_empty
  rm -rf "$LAB/mail/lab.example"
  log "delivering the seed messages through Postfix (not recorded)"
  client seed "$PY" "$SMTP_DEMO" seed
  local i
  for i in $(seq 100); do
    [ "$(count_mail bob)" = 3 ] && [ "$(count_mail alice)" = 3 ] && break
    sleep 0.1
  done
  [ "$(count_mail bob)" = 3 ] && [ "$(count_mail alice)" = 3 ] \
    || die "seed delivery incomplete: bob $(count_mail bob), alice $(count_mail alice)"
  rm -rf "$SEED"; mkdir -p "$SEED"
  cp -a "$LAB/mail/lab.example" "$SEED/"
}

reset_mailboxes() {  # fresh copies of the seeded Maildirs before each POP3/IMAP lesson
  wait_queue_empty
  rm -rf "$LAB/mail/lab.example"
  cp -a "$SEED/lab.example" "$LAB/mail/"
}

write_eml() {  # write_eml FILE FROM TO SUBJECT BODY: a small RFC 5322 message with CRLF
  local file=$1 from=$2 to=$3 subject=$4 body=$5
  {
    printf 'From: %s\r\nTo: %s\r\nSubject: %s\r\n' "$from" "$to" "$subject"
    printf 'Date: %s\r\n' "$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S +0000')"
    printf 'Message-ID: <%s.%s@lab.example>\r\n' "$(date +%s%N)" "$RANDOM"
    printf 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n'
    printf '%s\n' "$body" | sed 's/$/\r/'
  } > "$file"
}

capture_clean() {  # no retransmissions, lost or out-of-order segments in the last capture
  local n
  n=$(tshark -n -r "$CAP_FILE" -Y 'tcp.analysis.retransmission || tcp.analysis.fast_retransmission || tcp.analysis.spurious_retransmission || tcp.analysis.lost_segment || tcp.analysis.ack_lost_segment || tcp.analysis.out_of_order || tcp.analysis.duplicate_ack' 2>/dev/null | wc -l)
  [ "$n" = 0 ]
}

lesson() {  # lesson FUNCTION [reset]: record one lesson; again if loopback TCP hiccupped
  local fn=$1 reset=${2:-} try
  for try in 1 2 3; do
    [ -z "$reset" ] || reset_mailboxes
    "$fn"
    capture_clean && return 0
    log "  $(basename "$CAP_FILE") has TCP retransmissions (try $try); recording it again"
  done
  log "  warning: keeping $(basename "$CAP_FILE") with TCP retransmissions after 3 tries"
}

SWAKS=(swaks --server 127.0.0.1 --ehlo "$EHLO" --timeout 30)

# ------------------------------------------------------------ lessons
# Each lesson is a function: capture_start, the real client(s), capture_stop.
# --- SMTP
smtp_auth_login() {
  capture_start smtp-auth-login ether 'tcp port 587'
  client smtp-auth-login "${SWAKS[@]}" --port 587 \
    --auth LOGIN --auth-user alice@lab.example --auth-password wonderland \
    --from alice@lab.example --to bob@lab.example \
    --header 'Subject: Lunch on Friday?' \
    --body $'Hi Bob,\n\nshall we have lunch on Friday at noon?\n\nAlice'
  capture_stop
}

smtp_auth_plain() {
  write_eml "$MSGS/re-lunch.eml" bob@lab.example alice@lab.example 'Re: Lunch on Friday?' \
    $'Hi Alice,\n\nFriday at noon works for me.\n\nBob'
  capture_start smtp-auth-plain ether 'tcp port 587'
  client smtp-auth-plain curl -sS --url "smtp://127.0.0.1:587/$EHLO" \
    --login-options AUTH=PLAIN --user bob@lab.example:hunter2 \
    --mail-from bob@lab.example --mail-rcpt alice@lab.example --upload-file "$MSGS/re-lunch.eml"
  capture_stop
}

smtp_auth_cram_md5() {
  capture_start smtp-auth-cram-md5 ether 'tcp port 587'
  client smtp-auth-cram-md5 "$PY" "$SMTP_DEMO" cram-md5
  capture_stop
}

smtp_utf8_body() {
  capture_start smtp-utf8-body ether 'tcp port 25'
  client smtp-utf8-body "$PY" "$SMTP_DEMO" utf8
  capture_stop
}

smtp_multipart_attachment() {
  capture_start smtp-multipart-attachment ether 'tcp port 25'
  client smtp-multipart-attachment "$PY" "$SMTP_DEMO" multipart
  capture_stop
}

smtp_encoded_subject_qp() {
  capture_start smtp-encoded-subject-qp ether 'tcp port 25'
  client smtp-encoded-subject-qp "$PY" "$SMTP_DEMO" encoded
  capture_stop
}

smtp_rejected_recipient() {
  write_eml "$MSGS/tour.eml" alice@lab.example 'bob@lab.example, nobody@lab.example' 'Invitation: lab tour' \
    $'Hi both,\n\nthe lab tour starts at 10 am in room 42.\n\nAlice'
  capture_start smtp-rejected-recipient ether 'tcp port 25'
  client smtp-rejected-recipient curl -sS --url "smtp://127.0.0.1:25/$EHLO" \
    --mail-from alice@lab.example --mail-rcpt bob@lab.example --mail-rcpt nobody@lab.example \
    --mail-rcpt-allowfails --upload-file "$MSGS/tour.eml"
  capture_stop
}

smtp_pipelining() {
  capture_start smtp-pipelining ether 'tcp port 25'
  client smtp-pipelining "${SWAKS[@]}" --port 25 --pipeline \
    --from alice@lab.example --to bob@lab.example \
    --header 'Subject: Pipelined hello' \
    --body $'Bob,\n\nMAIL, RCPT and DATA went out in one packet.\n\nAlice'
  capture_stop
}

smtp_starttls_587() {
  capture_start smtp-starttls-587 ether 'tcp port 587'
  client smtp-starttls-587 "${SWAKS[@]}" --port 587 -tls \
    --auth LOGIN --auth-user alice@lab.example --auth-password wonderland \
    --from alice@lab.example --to bob@lab.example \
    --header 'Subject: Sent over STARTTLS' \
    --body $'Bob,\n\nnobody on the wire can read this.\n\nAlice'
  capture_stop
}

smtps_465() {
  write_eml "$MSGS/implicit.eml" alice@lab.example bob@lab.example 'Sent over implicit TLS' \
    $'Bob,\n\nport 465 speaks TLS from the first byte.\n\nAlice'
  capture_start smtps-465 ether 'tcp port 465'
  client smtps-465 curl -sS -k --url "smtps://127.0.0.1:465/$EHLO" \
    --login-options AUTH=LOGIN --user alice@lab.example:wonderland \
    --mail-from alice@lab.example --mail-rcpt bob@lab.example --upload-file "$MSGS/implicit.eml"
  capture_stop
}

smtp_port_1025() {
  capture_start smtp-port-1025 ether 'tcp port 1025'
  client smtp-port-1025 "${SWAKS[@]}" --port 1025 \
    --from alice@lab.example --to bob@lab.example \
    --header 'Subject: Hello from the classroom demo port' \
    --body $'Bob,\n\nthis server listens on port 1025, like many classroom demos.\n\nAlice'
  capture_stop
}

smtp_ipv6() {
  capture_start smtp-ipv6 sll 'tcp port 25'
  client smtp-ipv6 swaks --server ::1 --port 25 -6 --ehlo "$EHLO" --timeout 30 \
    --from bob@lab.example --to alice@lab.example \
    --header 'Subject: Hello over IPv6' \
    --body $'Alice,\n\nthis mail travelled from ::1 to ::1.\n\nBob'
  capture_stop
}

# --- hostile content (scripts/lab/hostile.py): must stay inert in any viewer
smtp_hostile_html() {
  capture_start smtp-hostile-html ether 'tcp port 25'
  client smtp-hostile-html "$PY" "$HERE/hostile.py"
  capture_stop
}

# --- POP3 (bob's mailbox is reset to the three seed mails before each)
pop3_session() {
  capture_start pop3-session ether 'tcp port 110'
  client pop3-session "$PY" "$POP3_DEMO" session
  capture_stop
}

pop3_apop() {
  capture_start pop3-apop nano 'tcp port 110'
  client pop3-apop "$PY" "$POP3_DEMO" apop
  capture_stop
}

pop3_failed_login() {
  capture_start pop3-failed-login ether 'tcp port 110'
  client pop3-failed-login "$PY" "$POP3_DEMO" failed
  capture_stop
}

pop3_stls() {
  capture_start pop3-stls ether 'tcp port 110'
  client pop3-stls curl -sS --ssl-reqd -k --login-options AUTH=PLAIN --user bob:hunter2 \
    --url pop3://127.0.0.1/1 --output /dev/null
  capture_stop
}

pop3s_995() {
  capture_start pop3s-995 ether 'tcp port 995'
  client pop3s-995 curl -sS -k --login-options AUTH=PLAIN --user bob:hunter2 \
    --url pop3s://127.0.0.1/2 --output /dev/null
  capture_stop
}

# --- IMAP (alice's mailbox is reset to the three seed mails before each)
imap_session() {
  capture_start imap-session ether 'tcp port 143'
  client imap-session "$PY" "$IMAP_DEMO" session
  capture_stop
}

imap_manage() {
  capture_start imap-manage ether 'tcp port 143'
  client imap-manage "$PY" "$IMAP_DEMO" manage
  capture_stop
}

imap_idle() {
  capture_start imap-idle pcapng 'tcp port 143'
  client imap-idle "$PY" "$IMAP_DEMO" idle
  capture_stop
}

imap_failed_login() {
  capture_start imap-failed-login ether 'tcp port 143'
  client imap-failed-login "$PY" "$IMAP_DEMO" failed
  capture_stop
}

imap_starttls() {
  capture_start imap-starttls ether 'tcp port 143'
  client imap-starttls curl -sS --ssl-reqd -k --login-options AUTH=PLAIN --user alice:wonderland \
    --url 'imap://127.0.0.1/INBOX;UID=1' --output /dev/null
  capture_stop
}

imaps_993() {
  capture_start imaps-993 ether 'tcp port 993'
  client imaps-993 curl -sS -k --login-options AUTH=CRAM-MD5 --user alice:wonderland \
    --url 'imaps://127.0.0.1/INBOX;UID=2' --output /dev/null
  capture_stop
}

# --- several clients at once
multi_client() {
  # alice's IMAP client IDLEs; bob sends her a mail over SMTP and reads his own
  # mailbox over POP3 at the same time; the IMAP server pushes EXISTS.
  capture_start multi-client sll2 'tcp and (port 587 or port 110 or port 143)'
  local pids=() p rc=0 i out="$LAB/log/multi-client.client.log"
  : > "$out"
  client multi-client "$PY" "$IMAP_DEMO" idle-wait &
  pids+=($!)
  for i in $(seq 100); do grep -q 'IDLE started' "$out" && break; sleep 0.1; done
  grep -q 'IDLE started' "$out" || die "the IMAP client did not reach IDLE"
  client multi-client "${SWAKS[@]}" --port 587 \
    --auth PLAIN --auth-user bob@lab.example --auth-password hunter2 \
    --from bob@lab.example --to alice@lab.example \
    --header 'Subject: Status report' \
    --body $'Alice,\n\nthree clients are talking to the lab at once.\n\nBob' &
  pids+=($!)
  client multi-client "$PY" "$POP3_DEMO" quick &
  pids+=($!)
  for p in "${pids[@]}"; do wait "$p" || rc=$?; done
  [ "$rc" = 0 ] || die "a client of the multi-client lesson failed"
  capture_stop
}

# ------------------------------------------------------------ lessons added later (record --only NAME...)
# --- LMTP (RFC 2033): Dovecot's LMTP service on 127.0.0.1:24
wait_mail() {  # wait_mail USER COUNT: until USER's Maildir holds COUNT messages
  local i
  for i in $(seq 150); do [ "$(count_mail "$1")" -ge "$2" ] && return 0; sleep 0.1; done
  die "no delivery to $1 (see $LAB/log/postfix.log and dovecot.log)"
}

lmtp_postfix_dovecot() {
  # Postfix's port 2424 hands what it receives to Dovecot over LMTP (content_filter=lmtp-lab:inet:127.0.0.1:24);
  # only port 24 is recorded: Postfix's lmtp(8) client talking to Dovecot's lmtp server.
  local before
  before=$(count_mail carol || true)
  capture_start lmtp-postfix-dovecot ether 'tcp port 24'
  client lmtp-postfix-dovecot "${SWAKS[@]}" --port 2424 \
    --from carol@lab.example --to alice@lab.example,bob@lab.example,carol@lab.example \
    --header 'Subject: Tea at four' \
    --body $'Alice, Bob,\n\ntea at four in the lab kitchen.\n\nCarol'
  wait_queue_empty
  wait_mail carol $((before + 1))
  capture_stop
}

lmtp_python() {
  capture_start lmtp-python ether 'tcp port 24'
  client lmtp-python "$PY" "$HERE/lmtp_demo.py" direct
  capture_stop
}

# --- SMTP refusals read from Postfix's replies (ports 2501-2505, see master.cf)
smtp_error_relay_denied() {
  capture_start smtp-error-relay-denied ether 'tcp port 2501'
  client_may_fail smtp-error-relay-denied "${SWAKS[@]}" --port 2501 \
    --from alice@lab.example --to carol@outside.example \
    --header 'Subject: To someone outside' --body 'This mail is never accepted.'
  capture_stop
}

smtp_error_starttls_required() {
  capture_start smtp-error-starttls-required ether 'tcp port 2502'
  client_may_fail smtp-error-starttls-required "${SWAKS[@]}" --port 2502 \
    --from alice@lab.example --to bob@lab.example \
    --header 'Subject: Without TLS' --body 'This mail is never accepted.'
  capture_stop
}

smtp_error_too_many_recipients() {
  write_eml "$MSGS/minutes.eml" carol@lab.example 'alice@lab.example, bob@lab.example, carol@lab.example' \
    'Minutes of the lab meeting' $'Hi all,\n\nthe minutes are in the shared folder.\n\nCarol'
  capture_start smtp-error-too-many-recipients ether 'tcp port 2503'
  client smtp-error-too-many-recipients curl -sS --url "smtp://127.0.0.1:2503/$EHLO" \
    --mail-from carol@lab.example --mail-rcpt alice@lab.example --mail-rcpt bob@lab.example \
    --mail-rcpt carol@lab.example --mail-rcpt-allowfails --upload-file "$MSGS/minutes.eml"
  capture_stop
}

smtp_error_auth_not_offered() {
  capture_start smtp-error-auth-not-offered ether 'tcp port 2504'
  client smtp-error-auth-not-offered "$PY" "$SMTP_DEMO" auth-not-offered
  capture_stop
}

smtp_error_message_too_big() {
  # two clients against "SIZE 2048": curl declares the size in MAIL FROM (refused at once),
  # swaks does not (the whole message is sent, then refused after the final dot)
  local body="$MSGS/big-body.txt" i
  : > "$body"
  for i in $(seq 40); do printf 'Line %02d of a report that is longer than this port accepts (2048 bytes).\n' "$i" >> "$body"; done
  write_eml "$MSGS/big.eml" alice@lab.example bob@lab.example 'The long report' "$(cat "$body")"
  capture_start smtp-error-message-too-big ether 'tcp port 2505'
  client_may_fail smtp-error-message-too-big curl -sS --url "smtp://127.0.0.1:2505/$EHLO" \
    --mail-from alice@lab.example --mail-rcpt bob@lab.example --upload-file "$MSGS/big.eml"
  client_may_fail smtp-error-message-too-big "${SWAKS[@]}" --port 2505 \
    --from alice@lab.example --to bob@lab.example \
    --header 'Subject: The long report, again' --body "$body"
  capture_stop
}

# --- SMTP on the wire
smtp_pipelining_many() {
  capture_start smtp-pipelining-many ether 'tcp port 25'
  client smtp-pipelining-many "${SWAKS[@]}" --port 25 --pipeline \
    --from carol@lab.example --to alice@lab.example,bob@lab.example,nobody@lab.example \
    --header 'Subject: Pipelined to three' \
    --body $'Hi,\n\nMAIL, three RCPTs and DATA left in one segment.\n\nCarol'
  capture_stop
}

smtp_bdat() {
  capture_start smtp-bdat ether 'tcp port 25'
  client smtp-bdat "$PY" "$SMTP_DEMO" bdat
  capture_stop
}

smtp_starttls_injection() {
  # the one fake server of the lab (scripts/lab/starttls_inject.py), with a real client (curl) in front of it
  local out="$LAB/log/starttls-inject.server.log" fake i
  "$PY" "$HERE/starttls_inject.py" 2600 >"$out" 2>&1 &
  fake=$!
  remember_pid "$fake"
  for i in $(seq 50); do grep -q listening "$out" && break; sleep 0.1; done
  capture_start smtp-starttls-injection ether 'tcp port 2600'
  printf '%s\n' 'python3 scripts/lab/starttls_inject.py 2600   # the fake server' >> "$LAB/cmd/smtp-starttls-injection.txt"
  client_may_fail smtp-starttls-injection curl -sS --ssl-reqd -k --url "smtp://127.0.0.1:2600/$EHLO" \
    --mail-from alice@lab.example --mail-rcpt bob@lab.example --upload-file "$MSGS/implicit.eml"
  wait "$fake" 2>/dev/null || true
  capture_stop
}

smtp_snaplen() {
  capture_start smtp-snaplen-120 snap120 'tcp port 25'
  client smtp-snaplen-120 "${SWAKS[@]}" --port 25 \
    --from alice@lab.example --to bob@lab.example \
    --header 'Subject: Cut at 120 bytes' \
    --body $'Bob,\n\nthis capture keeps only the first 120 bytes of every frame, so most\nof this text never reached the file, though it crossed the wire.\n\nAlice'
  capture_stop
}

smtp_tcp_reframed() {
  # a real session with several client segments in flight, re-framed by reframe.py (no netem here)
  local try
  for try in 1 2 3; do
    : > "$LAB/cmd/smtp-tcp-base.txt"
    capture_start smtp-tcp-base base 'tcp port 25'
    client smtp-tcp-base "$PY" "$SMTP_DEMO" segments
    capture_stop
    # reframe.py insists on the layout the notes describe (RCPT and DATA in adjacent
    # segments, the final dot in a segment of its own); otherwise record again
    if capture_clean && "$PY" "$HERE/reframe.py" "$CAP_FILE" "$STAGE" >> "$LAB/log/smtp-tcp-base.client.log" 2>&1; then
      break
    fi
    [ "$try" = 3 ] && die "smtp-tcp-base: no clean recording with the expected segments in 3 tries (see $LAB/log/smtp-tcp-base.client.log)"
    log "  smtp-tcp-base.pcap has retransmissions or another segment layout (try $try); recording it again"
  done
  local n
  for n in smtp-tcp-reordered smtp-tcp-duplicate smtp-tcp-reordered-duplicate; do
    cp "$LAB/cmd/smtp-tcp-base.txt" "$LAB/cmd/$n.txt"
    printf '%s\n' "python3 scripts/lab/reframe.py smtp-tcp-base.pcap .   # re-frames the real capture" >> "$LAB/cmd/$n.txt"
    printf '%s\t%s\t%s\n' "$n" ether 'tcp port 25' >> "$LAB/cmd/captures.tsv"
  done
  CAP_FILE="$STAGE/smtp-tcp-reordered-duplicate.pcap"
}

# --- POP3 states (bob's mailbox reset to the three seed mails before each)
pop3_quit_early() {
  capture_start pop3-quit-before-login ether 'tcp port 110'
  client pop3-quit-before-login "$PY" "$POP3_DEMO" quit-early
  capture_stop
}

pop3_dele_quit() {
  capture_start pop3-dele-quit ether 'tcp port 110'
  client pop3-dele-quit "$PY" "$POP3_DEMO" dele-quit
  capture_stop
}

pop3_dele_rset() {
  capture_start pop3-dele-rset ether 'tcp port 110'
  client pop3-dele-rset "$PY" "$POP3_DEMO" dele-rset
  capture_stop
}

# --- IMAP (alice's mailbox reset before each)
make_folders() {  # make_folders USER NAME...: empty Maildir++ folders (not recorded)
  local user=$1 f; shift
  for f in "$@"; do
    mkdir -p "$LAB/mail/lab.example/$user/.$f/"{cur,new,tmp}
  done
  chown -R "$VMAIL_USER:$VMAIL_USER" "$LAB/mail/lab.example/$user"
}

imap_folders() {
  make_folders alice Drafts Sent Trash
  capture_start imap-uid-folders ether 'tcp port 143'
  client imap-uid-folders "$PY" "$IMAP_DEMO" folders
  capture_stop
}

dovecot_lesson_conf() {  # dovecot_lesson_conf TEXT: settings for one lesson, re-read on SIGHUP
  printf '%s\n' "$1" > "$LAB/dovecot/lesson.conf"
  kill -HUP "$DOVECOT_PID"
  sleep 1.5
  wait_port 127.0.0.1 143
  sleep 2   # the probe connection's teardown must not fall into the next capture
}

imap_idle_keepalive() {
  dovecot_lesson_conf 'imap_idle_notify_interval = 1 secs'
  capture_start imap-idle-keepalive ether 'tcp port 143'
  client imap-idle-keepalive "$PY" "$IMAP_DEMO" idle-keepalive
  capture_stop
  dovecot_lesson_conf ''
}

imap_idle_no_done() {
  capture_start imap-idle-no-done ether 'tcp port 143'
  client imap-idle-no-done "$PY" "$IMAP_DEMO" idle-no-done
  capture_stop
}

# --- TLS: a client that verifies the certificate refuses the lab's self-signed one
imaps_bad_certificate_tls13() {
  capture_start imaps-bad-certificate-tls13 ether 'tcp port 993'
  client_may_fail imaps-bad-certificate-tls13 curl -sS --user alice:wonderland \
    --url 'imaps://127.0.0.1/INBOX;UID=1' --output /dev/null
  capture_stop
}

imaps_bad_certificate_tls12() {
  capture_start imaps-bad-certificate-tls12 ether 'tcp port 993'
  client_may_fail imaps-bad-certificate-tls12 curl -sS --tlsv1.2 --tls-max 1.2 --user alice:wonderland \
    --url 'imaps://127.0.0.1/INBOX;UID=1' --output /dev/null
  capture_stop
}

smtp_smtputf8() {
  # RFC 6531/6532: Python's smtplib with MAIL FROM:<zoë@...> SMTPUTF8 and raw UTF-8 headers, on 2506
  capture_start smtp-smtputf8 ether 'tcp port 2506'
  client smtp-smtputf8 "$PY" "$SMTP_DEMO" smtputf8
  capture_stop
}

# fixture name -> "function [reset]" (reset: the seeded mailboxes first)
declare -A LESSON_OF=(
  [lmtp-postfix-dovecot]="lmtp_postfix_dovecot"
  [lmtp-python]="lmtp_python"
  [smtp-error-relay-denied]="smtp_error_relay_denied"
  [smtp-error-starttls-required]="smtp_error_starttls_required"
  [smtp-error-too-many-recipients]="smtp_error_too_many_recipients"
  [smtp-error-auth-not-offered]="smtp_error_auth_not_offered"
  [smtp-error-message-too-big]="smtp_error_message_too_big"
  [smtp-smtputf8]="smtp_smtputf8"
  [smtp-pipelining-many]="smtp_pipelining_many"
  [smtp-bdat]="smtp_bdat"
  [smtp-starttls-injection]="smtp_starttls_injection"
  [smtp-snaplen-120]="smtp_snaplen"
  [smtp-tcp-reordered]="smtp_tcp_reframed"
  [smtp-tcp-duplicate]="smtp_tcp_reframed"
  [smtp-tcp-reordered-duplicate]="smtp_tcp_reframed"
  [pop3-quit-before-login]="pop3_quit_early reset"
  [pop3-dele-quit]="pop3_dele_quit reset"
  [pop3-dele-rset]="pop3_dele_rset reset"
  [imap-uid-folders]="imap_folders reset"
  [imap-idle-keepalive]="imap_idle_keepalive reset"
  [imap-idle-no-done]="imap_idle_no_done reset"
  [imaps-bad-certificate-tls13]="imaps_bad_certificate_tls13"
  [imaps-bad-certificate-tls12]="imaps_bad_certificate_tls12"
)
NEW_LESSONS=(lmtp-postfix-dovecot lmtp-python smtp-error-relay-denied smtp-error-starttls-required
             smtp-error-too-many-recipients smtp-error-auth-not-offered smtp-error-message-too-big
             smtp-pipelining-many smtp-bdat smtp-starttls-injection smtp-snaplen-120 smtp-tcp-reordered
             pop3-quit-before-login pop3-dele-quit pop3-dele-rset imap-uid-folders imap-idle-keepalive
             imap-idle-no-done imaps-bad-certificate-tls13 imaps-bad-certificate-tls12 smtp-smtputf8)

record_only() {  # record_only NAME...: only these fixtures
  mkdir -p "$STAGE" "$MSGS"
  : > "$LAB/cmd/captures.tsv"
  local name fn reset done_fns=" " seeded=0
  for name in "$@"; do
    [ "$name" = new ] && { record_only "${NEW_LESSONS[@]}"; return; }
    [ -n "${LESSON_OF[$name]:-}" ] || die "no lesson records $name (known: ${!LESSON_OF[*]}; the first 25 fixtures come from a full run)"
  done
  # implicit.eml is used by the injection lesson
  write_eml "$MSGS/implicit.eml" alice@lab.example bob@lab.example 'Sent over implicit TLS' \
    $'Bob,\n\nport 465 speaks TLS from the first byte.\n\nAlice'
  for name in "$@"; do
    read -r fn reset <<< "${LESSON_OF[$name]}"
    case "$done_fns" in *" $fn "*) continue ;; esac
    done_fns+="$fn "
    if [ -n "$reset" ] && [ "$seeded" = 0 ]; then seed_mailboxes; seeded=1; fi
    if [ "$fn" = smtp_tcp_reframed ]; then "$fn"; else lesson "$fn" $reset; fi
  done
  wait_queue_empty
  log "recorded $(find "$STAGE" -type f | wc -l) captures"
}

expand_only() {  # the fixture names --only stands for ("new" = every lesson added after the first 25)
  local name
  for name in "$@"; do
    if [ "$name" = new ]; then printf '%s\n' "${NEW_LESSONS[@]}" smtp-tcp-duplicate smtp-tcp-reordered-duplicate
    elif [ "${LESSON_OF[$name]:-}" = smtp_tcp_reframed ]; then printf '%s\n' smtp-tcp-reordered smtp-tcp-duplicate smtp-tcp-reordered-duplicate
    else printf '%s\n' "$name"; fi
  done | sort -u
}

publish_only() {  # publish_only NAME...: the other fixtures keep their bytes and notes
  local names f base
  names=$(expand_only "$@")
  # the stage starts from what tests/fixtures holds now, minus the fixtures just recorded
  if [ -f "$FIXTURES/fixtures.json" ]; then
    for f in $("$PY" -c 'import json,sys; print(" ".join(e["file"] for e in json.load(open(sys.argv[1]))))' "$FIXTURES/fixtures.json"); do
      base=${f%.*}
      grep -qxF "$base" <<< "$names" && continue
      cp -p "$FIXTURES/$f" "$STAGE/$f"
      [ -f "$FIXTURES/$base.md" ] && cp -p "$FIXTURES/$base.md" "$STAGE/$base.md"
    done
  fi
  log "writing notes for $(wc -w <<< "$names") fixtures and fixtures.json, then verifying every capture with tshark"
  # shellcheck disable=SC2086
  "$PY" "$HERE/fixtures_doc.py" --stage "$STAGE" --commands "$LAB/cmd" --only $names
  "$PY" "$HERE/verify.py" "$STAGE" || die "verification failed; tests/fixtures left untouched (stage: $STAGE)"
  mkdir -p "$FIXTURES" "$SAMPLES"
  "$PY" "$HERE/fixtures_doc.py" --install "$STAGE" --fixtures "$FIXTURES" --samples "$SAMPLES"
  log "fixtures written to ${FIXTURES#$REPO/}/ and samples to ${SAMPLES#$REPO/}/"
}

record_all() {
  mkdir -p "$STAGE" "$MSGS"
  : > "$LAB/cmd/captures.tsv"
  local l
  for l in smtp_auth_login smtp_auth_plain smtp_auth_cram_md5 smtp_utf8_body \
           smtp_multipart_attachment smtp_encoded_subject_qp smtp_rejected_recipient \
           smtp_pipelining smtp_starttls_587 smtps_465 smtp_port_1025 smtp_ipv6 \
           smtp_hostile_html; do
    lesson "$l"
  done
  seed_mailboxes
  for l in pop3_session pop3_apop pop3_failed_login pop3_stls pop3s_995 \
           imap_session imap_manage imap_idle imap_failed_login imap_starttls imaps_993 \
           multi_client; do
    lesson "$l" reset
  done
  wait_queue_empty
  # the lessons added later, in the same run (record --only NAME... records them alone)
  local name fn reset done_fns=" "
  for name in "${NEW_LESSONS[@]}"; do
    read -r fn reset <<< "${LESSON_OF[$name]}"
    case "$done_fns" in *" $fn "*) continue ;; esac
    done_fns+="$fn "
    if [ "$fn" = smtp_tcp_reframed ]; then "$fn"; else lesson "$fn" $reset; fi
  done
  wait_queue_empty
  log "recorded $(find "$STAGE" -type f | wc -l) captures"
}

# ------------------------------------------------------------ publish
publish() {
  log "writing notes and fixtures.json, then verifying every capture with tshark"
  "$PY" "$HERE/fixtures_doc.py" --stage "$STAGE" --commands "$LAB/cmd"
  "$PY" "$HERE/verify.py" "$STAGE" || die "verification failed; tests/fixtures left untouched (stage: $STAGE)"
  mkdir -p "$FIXTURES" "$SAMPLES"
  "$PY" "$HERE/fixtures_doc.py" --install "$STAGE" --fixtures "$FIXTURES" --samples "$SAMPLES"
  log "fixtures written to ${FIXTURES#$REPO/}/ and samples to ${SAMPLES#$REPO/}/"
}
