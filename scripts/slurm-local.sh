#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for `ssl repro --executor slurm` and its test.
#
#   scripts/slurm-local.sh start    # munged, slurmctld, slurmd; prints the SLURM_CONF to export
#   scripts/slurm-local.sh stop     # cancels its jobs, stops the daemons IT started (pid files), nothing else
#   scripts/slurm-local.sh status
#   scripts/slurm-local.sh env      # prints `export SLURM_CONF=...`
#
# Needs Debian's packages (as root): apt-get update && apt-get install -y slurmctld slurmd slurm-client munge
# Everything lives in $SLURM_LOCAL_DIR (default /tmp/ssl-slurm-local): slurm.conf, a private munge socket and
# key, state, spool, logs and pid files; no system file is touched, and a system munged or slurmd keeps running.
# The node is `hostname -s` with CPUs from nproc; ProctrackType=proctrack/linuxproc and TaskPlugin=task/none
# (no cgroups needed); JobRequeue=1 so a cancelled or preempted array task can be requeued.
# Both commands are idempotent: start leaves running daemons alone, stop of a stopped cluster does nothing.
set -euo pipefail

DIR="${SLURM_LOCAL_DIR:-/tmp/ssl-slurm-local}"
CONF="$DIR/slurm.conf"
HOST="$(hostname -s)"
CTLD_PORT="${SLURM_LOCAL_PORT:-6817}"

say() { printf 'slurm-local: %s\n' "$*" >&2; }

missing_packages() {
  local m=()
  for c in munged slurmctld slurmd sbatch squeue scontrol; do command -v "$c" >/dev/null 2>&1 || m+=("$c"); done
  [ "$(id -u)" -eq 0 ] || m+=("root")
  printf '%s' "${m[*]:-}"
}

# pid of a daemon we started, if it is still that daemon
our_pid() {
  local name="$1" file="$DIR/$1.pid" pid
  [ -f "$file" ] || return 1
  pid="$(cat "$file" 2>/dev/null || true)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$name" || return 1
  printf '%s' "$pid"
}

write_conf() {
  mkdir -p "$DIR"/{state,spool,munge,log}
  chmod 700 "$DIR/munge"
  cat >"$CONF" <<EOF
# one-node cluster written by scripts/slurm-local.sh
ClusterName=ssllocal
SlurmctldHost=$HOST
SlurmctldPort=$CTLD_PORT
SlurmdPort=$((CTLD_PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobRequeue=1
MinJobAge=3600
KillWait=30
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
NodeName=$HOST CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
  local missing
  missing="$(missing_packages)"
  if [ -n "$missing" ]; then
    say "cannot start: missing $missing. As root: apt-get update && apt-get install -y slurmctld slurmd slurm-client munge"
    exit 3
  fi
  write_conf
  if ! our_pid munged >/dev/null; then
    [ -f "$DIR/munge/munge.key" ] || { dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1 count=1024 status=none; chmod 400 "$DIR/munge/munge.key"; }
    munged --force --socket="$DIR/munge/munge.socket" --key-file="$DIR/munge/munge.key" \
      --pid-file="$DIR/munged.pid" --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/munge.seed"
    say "munged started"
  fi
  export SLURM_CONF="$CONF"
  if ! our_pid slurmctld >/dev/null; then
    slurmctld -f "$CONF"
    say "slurmctld started"
  fi
  if ! our_pid slurmd >/dev/null; then
    slurmd -f "$CONF"
    say "slurmd started"
  fi
  for _ in $(seq 1 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then
      say "node $HOST up ($(nproc) CPUs); use: export SLURM_CONF=$CONF"
      echo "export SLURM_CONF=$CONF"
      return 0
    fi
    sleep 0.5
  done
  say "the node did not come up within 30 s; logs in $DIR/log"
  exit 1
}

stop_daemon() {
  local name="$1" pid
  pid="$(our_pid "$name")" || { rm -f "$DIR/$name.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$DIR/$name.pid"
  say "$name stopped (pid $pid)"
}

stop() {
  if our_pid slurmctld >/dev/null; then
    SLURM_CONF="$CONF" scancel --full --signal=TERM --state=RUNNING --partition=debug 2>/dev/null || true
    SLURM_CONF="$CONF" scancel --partition=debug 2>/dev/null || true
    for _ in $(seq 1 40); do
      [ -z "$(SLURM_CONF="$CONF" squeue -h -t running,completing 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  stop_daemon slurmd
  stop_daemon slurmctld
  stop_daemon munged
}

status() {
  for d in munged slurmctld slurmd; do
    if pid="$(our_pid "$d")"; then echo "$d running (pid $pid)"; else echo "$d stopped"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) echo "usage: scripts/slurm-local.sh start|stop|status|env" >&2; exit 2 ;;
esac
