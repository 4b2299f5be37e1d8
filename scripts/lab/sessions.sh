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
