# Made by OPENED for ${function} from ${repo}@${commit} ${source}<#if hook?has_content>, retargeted to ${hook}</#if>.
# make            build ${object}
# make verify     load it in a real kernel's verifier (opened verify)
# make skeleton   a libbpf skeleton header for user space (bpftool gen skeleton)
# make load       load it and pin it under $(PIN) (bpftool, root)
# make attach     attach it to its hook<#if family == "xdp" || family == "tc"> on $(DEV)</#if> (root)
# make clean
<#if guardMacros?has_content>
# Feature switches the source tests: ${guardMacros?join(" ")} (e.g. make EXTRA_CFLAGS=-D${guardMacros[0]})
</#if>
CLANG ?= clang
BPFTOOL ?= bpftool
OPENED ?= opened
ARCH_INCLUDES ?= -idirafter /usr/include/$(shell uname -m)-linux-gnu
CFLAGS ?= -O2 -g
BPF_CFLAGS = -target bpf -Werror=implicit-function-declaration $(ARCH_INCLUDES)<#list cflags as f> ${f}</#list><#list defines as d> -D${d}</#list> $(EXTRA_CFLAGS)
OBJ = ${object}
PROG = ${program}
PIN ?= /sys/fs/bpf/${program}
DEV ?= eth0

all: $(OBJ)

$(OBJ): ${unit}
	$(CLANG) $(CFLAGS) $(BPF_CFLAGS) -c $< -o $@

verify: $(OBJ)
	$(OPENED) verify .

skeleton: $(OBJ)
	$(BPFTOOL) gen skeleton $(OBJ) > ${function}.skel.h

<#if family == "xdp">
load attach: $(OBJ)
	ip link set dev $(DEV) xdpgeneric obj $(OBJ) sec ${section}

detach:
	ip link set dev $(DEV) xdpgeneric off
<#elseif family == "tc">
load attach: $(OBJ)
	tc qdisc add dev $(DEV) clsact 2>/dev/null || true
	tc filter add dev $(DEV) ${target} bpf da obj $(OBJ) sec ${section}

detach:
	tc filter del dev $(DEV) ${target}
<#elseif family == "cgroup_skb">
CGROUP ?= /sys/fs/cgroup
load: $(OBJ)
	$(BPFTOOL) prog load $(OBJ) $(PIN)

attach: load
	$(BPFTOOL) cgroup attach $(CGROUP) ${target} pinned $(PIN)

detach:
	$(BPFTOOL) cgroup detach $(CGROUP) ${target} pinned $(PIN); rm -f $(PIN)
<#elseif family == "socket">
load attach: $(OBJ)
	$(BPFTOOL) prog load $(OBJ) $(PIN)
	@echo "pinned at $(PIN); attach it to a socket with setsockopt(SO_ATTACH_BPF) in your program"

detach:
	rm -f $(PIN)
<#else>
load: $(OBJ)
	$(BPFTOOL) prog loadall $(OBJ) $(PIN)

attach: $(OBJ)
	$(BPFTOOL) prog loadall $(OBJ) $(PIN) autoattach

detach:
	rm -rf $(PIN)
</#if>

clean:
	rm -f $(OBJ) ${function}.skel.h

.PHONY: all verify skeleton load attach detach clean
