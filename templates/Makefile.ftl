<#-- GNU make reads a line that starts with the word "load" followed by blanks as its own
     "load" directive, so every rule below names one target per line ("load:", never "load attach:"). -->
# Made by OPENED for ${function} from ${repo}@${commit} ${source}<#if retargeted>, retargeted to ${hook}</#if>.
# make            compile ${unit} to $(OBJ) with clang -target bpf
# make verify     load every program of $(OBJ) into a test kernel's verifier: $(OPENED) verify .
# make skeleton   write ${function}.skel.h, a libbpf skeleton for user space (bpftool gen skeleton)
# make load       load the programs of $(OBJ) into the running kernel and pin them under $(PIN) (bpftool prog loadall; root)
<#if family == "xdp">
# make attach     attach section ${section} to $(DEV) in generic XDP mode (ip link ... xdpgeneric; root)
# make detach     detach XDP from $(DEV) (ip link ... xdpgeneric off) and remove $(PIN)
<#elseif family == "tc">
# make attach     add a clsact qdisc to $(DEV) and a ${target} bpf filter running section ${section} (tc; root)
# make detach     delete the ${target} filter of $(DEV) and remove $(PIN)
<#elseif family == "cgroup_skb">
# make attach     attach the pinned program to cgroup $(CGROUP) for ${target} (bpftool cgroup attach; root)
# make detach     detach it from $(CGROUP) and remove $(PIN)
<#elseif family == "socket">
# make attach     there is no system-wide attach point for a socket filter: loads and pins as make load,
#                 then your program attaches it with setsockopt(SO_ATTACH_BPF)
# make detach     remove $(PIN)
<#else>
# make attach     load, pin under $(PIN) and attach every program to its hook as its section says
#                 (bpftool prog loadall ... autoattach; root); the links live while pinned
# make detach     remove $(PIN), which detaches them
</#if>
# make clean      remove $(OBJ) and the skeleton
<#if guardMacros?has_content>
# Feature switches the source tests: ${guardMacros?join(" ")} (e.g. make EXTRA_CFLAGS=-D${guardMacros[0]})
</#if>
CLANG ?= clang
BPFTOOL ?= bpftool
OPENED ?= ${opened}
ARCH_INCLUDES ?= -idirafter /usr/include/$(shell uname -m)-linux-gnu
CFLAGS ?= -O2 -g
BPF_CFLAGS = -target bpf -Werror=implicit-function-declaration $(ARCH_INCLUDES)<#list cflags as f> ${f}</#list><#list defines as d> -D${d}</#list> $(EXTRA_CFLAGS)
OBJ = ${object}
PROG = ${program}
PIN ?= /sys/fs/bpf/${program}
DEV ?= eth0
CGROUP ?= /sys/fs/cgroup

all: $(OBJ)

$(OBJ): ${unit}
	$(CLANG) $(CFLAGS) $(BPF_CFLAGS) -c $< -o $@

verify: $(OBJ)
	$(OPENED) verify .

skeleton: $(OBJ)
	$(BPFTOOL) gen skeleton $(OBJ) > ${function}.skel.h

load: $(OBJ)
	$(BPFTOOL) prog loadall $(OBJ) $(PIN)

<#if family == "xdp">
attach: $(OBJ)
	ip link set dev $(DEV) xdpgeneric obj $(OBJ) sec ${section}

detach:
	ip link set dev $(DEV) xdpgeneric off
	rm -rf $(PIN)
<#elseif family == "tc">
attach: $(OBJ)
	tc qdisc add dev $(DEV) clsact 2>/dev/null || true
	tc filter add dev $(DEV) ${target} bpf da obj $(OBJ) sec ${section}

detach:
	tc filter del dev $(DEV) ${target}
	rm -rf $(PIN)
<#elseif family == "cgroup_skb">
attach: load
	$(BPFTOOL) cgroup attach $(CGROUP) ${target} pinned $(PIN)/$(PROG)

detach:
	$(BPFTOOL) cgroup detach $(CGROUP) ${target} pinned $(PIN)/$(PROG)
	rm -rf $(PIN)
<#elseif family == "socket">
attach: load
	@echo "pinned under $(PIN); attach it to a socket with setsockopt(SO_ATTACH_BPF) in your program"

detach:
	rm -rf $(PIN)
<#else>
attach: $(OBJ)
	$(BPFTOOL) prog loadall $(OBJ) $(PIN) autoattach

detach:
	rm -rf $(PIN)
</#if>

clean:
	rm -f $(OBJ) ${function}.skel.h

.PHONY: all verify skeleton load attach detach clean
