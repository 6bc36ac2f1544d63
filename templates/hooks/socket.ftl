/*
 * Added by OPENED: an entry program for ${hook} that calls ${function}, so that the function
 * is proven to build and load there. Parameters are bound by type and name: the context,
 * data/data_end, zeroed locals for the rest.
 */
SEC("${section}")
int ${program}(${contextDecl})
{
<#if packet>
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
</#if>
<#if (packetBound!0) gt 0>

	/* the function's callers check the packet's length before they call it: this stands in */
	if (data + ${packetBound} > data_end)
		return ${passCode};
</#if>
<#list locals as l>
	${l}
</#list>
<#if returnsVoid>
	${call};
<#else>
	volatile long opened_ret = (long)${call};

	(void)opened_ret;
</#if>
	return ${passCode};
}
